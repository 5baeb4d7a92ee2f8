#!/bin/sh
# ensure-apt.sh BINARY PACKAGE: makes sure Debian's PACKAGE is installed, so BINARY exists.
# The tests need Debian's chromium and nginx; they are only ever installed from the Debian
# repositories (apt-get), never downloaded any other way. Needs root (CI runs as root);
# otherwise it says what to run.
set -eu

binary=$1
package=$2
name=$(basename "$0" .sh)

if [ -x "$binary" ]; then
  exit 0
fi

# Test files run in parallel and may all find it missing: one installs, the others wait.
if command -v flock >/dev/null 2>&1; then
  exec 9>"${TMPDIR:-/tmp}/hindsight-ensure-$package.lock"
  flock 9
  if [ -x "$binary" ]; then
    exit 0
  fi
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "$name: $binary is missing and apt-get is not available: install Debian's $package package." >&2
  exit 1
fi

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=sudo
  else
    echo "$name: $binary is missing; run as root: apt-get update && apt-get install -y $package" >&2
    exit 1
  fi
else
  SUDO=
fi

echo "$name: installing Debian's $package (apt-get install -y $package)…" >&2
$SUDO apt-get update -qq
# RUNLEVEL=1 keeps a package's service (nginx) from starting where an init system would start it.
RUNLEVEL=1 DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$package" >/dev/null
test -x "$binary"
echo "$name: $package installed" >&2
