#!/usr/bin/env bash
# The whole test suite (`npm test`): install what is missing, typecheck (app + pure core without
# the DOM), unit/property/golden/fuzz tests (vitest), production build, CLI smoke, e2e in a real
# chromium (Playwright): the whole suite against the production build at `/`, the smoke spec
# against what `npm start` serves (the vite dev server: React's development build, StrictMode),
# and the hosting and smoke specs against a build for the sub-path `/pipescope/` served like a
# project page; then every skipped or failed test by name and one closing line
# "total: N passed, N failed". Ports: PW_PORT, PW_DEV_PORT, PW_SUBPATH_PORT (4173, 5173, 4174).
set -uo pipefail
cd "$(dirname "$0")/.."
export NO_COLOR=1
T0=$SECONDS
step() { echo; echo "=== $* [t=$((SECONDS - T0))s]"; }
rm -rf out && mkdir -p out
rc=0

step "dependencies"
bash scripts/ensure-deps.sh --browser || exit 1

step "format (prettier --check) and typecheck"
npx prettier --check . || rc=1
npx tsc --noEmit -p . || rc=1
npx tsc --noEmit -p tsconfig.engine.json || rc=1

step "unit, property and golden tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json=out/unit.json || rc=1

step "build"
DIST=${PW_DIST:-dist}
npx vite build --outDir "$DIST" --emptyOutDir || rc=1

step "cli smoke"
if npm run -s cli -- schedule --schedule dualpipe --ranks 8 --microbatches 20 --format text >out/cli.txt \
  && grep -q '^r0 F s0 mb0 0.0-1.0$' out/cli.txt; then echo "cli ok ($(wc -l <out/cli.txt) ops)"; else echo "cli smoke failed"; rc=1; fi

step "e2e (playwright, production build at /)"
PW_PREBUILT=1 PW_DIST="$DIST" PLAYWRIGHT_JSON_OUTPUT_FILE=out/e2e.json npx playwright test --reporter=list,json || rc=1

step "e2e smoke (playwright, the dev server npm start serves)"
PLAYWRIGHT_JSON_OUTPUT_FILE=out/e2e-dev.json npx playwright test -c playwright.dev.config.ts --reporter=list,json || rc=1

step "e2e hosting and smoke (playwright, production build under /pipescope/)"
PLAYWRIGHT_JSON_OUTPUT_FILE=out/e2e-subpath.json npx playwright test -c playwright.subpath.config.ts --reporter=list,json || rc=1

step "summary"
node scripts/test-summary.mjs out/unit.json out/e2e.json out/e2e-dev.json out/e2e-subpath.json || rc=1
exit "$rc"
