#!/bin/sh
# Idempotent: install Debian's chromium for the browser tests when /usr/bin/chromium is missing.
# Playwright never downloads a browser; tests/web/test_web_browser.py drives this one.
set -eu
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: no apt-get here; install chromium at /usr/bin/chromium (browser tests skip without it)" >&2
  exit 0
fi
echo "ensure-chromium: installing chromium (apt-get)" >&2
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium
