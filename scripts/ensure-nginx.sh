#!/bin/sh
# Makes sure Debian's nginx is installed at /usr/sbin/nginx for the web-server test
# (tests/nginx.test.ts), which runs it as a plain process on 127.0.0.1 with a configuration of
# its own; the system service is never started or used. Installed only from the Debian
# repositories (apt-get). Needs root (CI runs as root); otherwise it says what to run.
set -eu

if [ -x /usr/sbin/nginx ]; then
  exit 0
fi

# Test files run in parallel and may all find it missing: one installs, the others wait.
if command -v flock >/dev/null 2>&1; then
  exec 9>"${TMPDIR:-/tmp}/hindsight-ensure-nginx.lock"
  flock 9
  if [ -x /usr/sbin/nginx ]; then
    exit 0
  fi
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-nginx: /usr/sbin/nginx is missing and apt-get is not available: install nginx." >&2
  exit 1
fi

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=sudo
  else
    echo "ensure-nginx: /usr/sbin/nginx is missing; run as root: apt-get update && apt-get install -y nginx-light" >&2
    exit 1
  fi
else
  SUDO=
fi

echo "ensure-nginx: installing Debian's nginx (apt-get install -y nginx-light)…" >&2
$SUDO apt-get update -qq
# RUNLEVEL=1 keeps the package's service from starting where an init system would start it.
RUNLEVEL=1 DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nginx-light >/dev/null
test -x /usr/sbin/nginx
echo "ensure-nginx: $(/usr/sbin/nginx -v 2>&1)" >&2
