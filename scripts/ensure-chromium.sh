#!/usr/bin/env bash
# Make sure Debian's Chromium is there for the end-to-end tests (Playwright drives it;
# it never downloads a browser of its own). Installs it when we are root with apt-get.
set -euo pipefail
browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$browser" ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser tests..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "No Chromium at $browser: install Debian's 'chromium' package (or set CHROMIUM_PATH)." >&2
echo "The browser tests will be skipped (and fail under CI=true)." >&2
