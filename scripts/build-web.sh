#!/usr/bin/env bash
# Builds the web UI into web/dist (npm ci from the pinned lockfile, type-check, Vite
# build) when Node.js >= 20.19 and npm are there, installing Debian's nodejs and npm
# first if node is missing. Exit 0 with web/dist built; exit 3 (with one line saying
# why) when this machine's Node.js cannot build it — the callers decide what that means.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  scripts/install-deps.sh nodejs npm
fi
version=$(node --version 2>/dev/null | sed 's/^v//')
if ! printf '20.19.0\n%s\n' "${version}" | sort -V -C; then
  echo "build-web: Node.js ${version:-?} is older than 20.19, which Vite 8 needs; no web UI built" >&2
  exit 3
fi
cd web
# npm ci only when the lockfile changed since the last install (it deletes node_modules).
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npm run build --silent >/dev/null
echo "web UI built in web/dist"
