#!/usr/bin/env bash
# The e2e suite drives Debian's Chromium (a browser download is not possible here). Install it when missing.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's Chromium for the end-to-end tests (apt-get install chromium fonts-dejavu-core)…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  exit 0
fi
echo "The end-to-end tests need Chromium at $CHROMIUM. Install it with: sudo apt-get install -y chromium fonts-dejavu-core (or set CHROMIUM_PATH)." >&2
exit 1
