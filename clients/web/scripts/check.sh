#!/usr/bin/env bash
# The web client's checks, run by the project's scripts/test when Node.js is present:
# install (exact versions from package-lock.json), generated code current, types, unit tests, build.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.lock-sha256
wanted=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
  echo "installing the web client's packages (log: npm.log)" >&2
  if ! npm ci --no-audit --no-fund >npm.log 2>&1; then
    tail -n 20 npm.log >&2
    exit 1
  fi
  echo "$wanted" >"$stamp"
fi
node scripts/check-generated.mjs
npx tsc --noEmit
npx vitest run --reporter=dot
# The package build: dist/, and the size an app pays (fails over the budget).
node scripts/build.mjs
