#!/usr/bin/env bash
# The whole test suite: static checks, then unit tests, then integration tests on real PostgreSQL
# and Redis (embedded ones unless DATABASE_URL / REDIS_URL are set; they include the console's
# browser tests, test/console/*.e2e-spec.ts, on the build made above), then the compose file check.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "type check";            npx tsc -p tsconfig.json --noEmit
step "console type check";    npx tsc -p apps/console --noEmit
step "lint";                  npx eslint .
step "architecture boundaries"; npx depcruise --config .dependency-cruiser.cjs libs apps
step "unit tests";            npx jest --selectProjects unit --ci
step "console unit tests";    npx vitest run --config apps/console/vite.config.mts
step "console build";         npx vite build --config apps/console/vite.config.mts --logLevel warn
step "console first load";    node scripts/console/check-bundle.mjs
step "integration tests";     npx jest --selectProjects integration --ci --runInBand --forceExit
step "docker compose file";   bash docker/check.sh
