#!/bin/sh
# Makes sure Debian's chromium is installed at /usr/bin/chromium for the browser tests.
# It is only ever installed from the Debian repositories (apt-get); the tests never download a
# browser any other way. Needs root (CI runs as root); otherwise it says what to run.
set -eu

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

# Test files run in parallel and may all find it missing: one installs, the others wait.
if command -v flock >/dev/null 2>&1; then
  exec 9>"${TMPDIR:-/tmp}/hindsight-ensure-chromium.lock"
  flock 9
  if [ -x /usr/bin/chromium ]; then
    exit 0
  fi
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: /usr/bin/chromium is missing and apt-get is not available." >&2
  echo "  Install Debian's chromium package (the browser tests use /usr/bin/chromium)." >&2
  exit 1
fi

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=sudo
  else
    echo "ensure-chromium: /usr/bin/chromium is missing; run as root: apt-get update && apt-get install -y chromium" >&2
    exit 1
  fi
else
  SUDO=
fi

echo "ensure-chromium: installing Debian's chromium (apt-get install -y chromium)…" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
test -x /usr/bin/chromium
echo "ensure-chromium: $(/usr/bin/chromium --version 2>/dev/null || echo installed)" >&2
