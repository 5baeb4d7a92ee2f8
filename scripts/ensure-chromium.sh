#!/bin/sh
# Makes sure Debian's chromium is installed at /usr/bin/chromium for the browser tests
# (see ensure-apt.sh: Debian's package only, never a downloaded browser).
exec sh "$(dirname "$0")/ensure-apt.sh" /usr/bin/chromium chromium
