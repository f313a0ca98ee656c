#!/usr/bin/env bash
# Installs the project's npm packages when they are missing or older than package-lock.json,
# so `npm start` and `npm test` work on a fresh clone. Playwright's browser is Debian's chromium
# (see playwright.config.ts); with --browser it is installed through apt when absent.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
fi
if [ "${1:-}" = "--browser" ] && [ -z "${CHROMIUM_PATH:-}" ] && ! [ -x /usr/bin/chromium ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "installing Debian's chromium for the browser tests"
    export DEBIAN_FRONTEND=noninteractive
    mkdir -p out
    apt-get update -qq
    apt-get install -y -qq chromium fonts-liberation </dev/null >out/apt.log 2>&1 || { tail -50 out/apt.log; exit 1; }
  else
    echo "no /usr/bin/chromium: install chromium (or set CHROMIUM_PATH); Playwright's own browser is used otherwise"
  fi
fi
