#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests (web/e2e) when it is missing.
# Playwright's own browser download does not work here (no network but the package
# registries), so the tests drive /usr/bin/chromium through playwright-core.
# Needs root (CI runs as root); safe to run again: it does nothing when Chromium is there.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  echo "chromium present: $(/usr/bin/chromium --version 2>/dev/null || echo '?')"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
# fonts-dejavu-core: so screenshots render Cyrillic labels legibly.
$SUDO apt-get install -y --no-install-recommends chromium fonts-dejavu-core
/usr/bin/chromium --version
