#!/usr/bin/env bash
# Runs every test: lint, types, unit + integration (vitest, PGlite and PostgreSQL), build, browser (Playwright).
# Prints one closing line "N passed, N failed" and exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
out=.ci-out
rm -rf "$out"; mkdir -p "$out"

# shellcheck source=/dev/null
source scripts/ensure-test-deps.sh || { echo "0 passed, 1 failed"; exit 1; }
set +e # the sourced script runs with -e; here every step must run and be counted

passed=0; failed=0
step() { # name, command...: a step that is not a test runner counts as one test
  local name=$1; shift
  echo "== $name"
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $name"; fi
}

step "lint" npx eslint . --max-warnings 0
step "typecheck" npx tsc --noEmit

echo "== vitest"
npx vitest run --reporter=default --reporter=json --outputFile="$out/vitest.json"
vitest_rc=$?

step "next build" npx next build

echo "== playwright"
if [ -d .next ] && ls e2e/*.spec.ts >/dev/null 2>&1; then
  PLAYWRIGHT_JSON_OUTPUT_NAME="$out/playwright.json" npx playwright test --reporter=list,json
  pw_rc=$?
else
  echo "no build or no e2e specs"; pw_rc=1
fi

read -r vp vf < <(node -e '
  const fs = require("fs");
  let p = 0, f = 0;
  try { const v = JSON.parse(fs.readFileSync(process.argv[1], "utf8")); p += v.numPassedTests; f += v.numFailedTests + (v.numRuntimeErrorTestSuites || 0); } catch { f += 1; }
  console.log(p, f);' "$out/vitest.json")
read -r pp pf < <(node -e '
  const fs = require("fs");
  let p = 0, f = 0;
  try { const s = JSON.parse(fs.readFileSync(process.argv[1], "utf8")).stats; p += s.expected + s.flaky; f += s.unexpected; } catch { f += 1; }
  console.log(p, f);' "$out/playwright.json")
passed=$((passed + vp + pp)); failed=$((failed + vf + pf))
# a runner that crashed without reporting failures still fails the run
[ "$vitest_rc" -ne 0 ] && [ "$vf" -eq 0 ] && failed=$((failed + 1))
[ "$pw_rc" -ne 0 ] && [ "$pf" -eq 0 ] && failed=$((failed + 1))

echo "vitest: $vp passed, $vf failed; playwright: $pp passed, $pf failed"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
