#!/bin/sh
# Makes sure Debian's nginx is installed at /usr/sbin/nginx for the web-server test
# (tests/nginx.test.ts), which runs it as a plain process on 127.0.0.1 with a configuration of
# its own; the system service is never started or used (see ensure-apt.sh).
exec sh "$(dirname "$0")/ensure-apt.sh" /usr/sbin/nginx nginx-light
