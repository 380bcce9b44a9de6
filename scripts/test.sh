#!/usr/bin/env bash
# The whole test suite: static checks, then unit tests, then integration tests on real PostgreSQL
# and Redis (embedded ones unless DATABASE_URL / REDIS_URL are set), then the compose file check.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "type check";            npx tsc -p tsconfig.json --noEmit
step "lint";                  npx eslint .
step "architecture boundaries"; npx depcruise --config .dependency-cruiser.cjs libs apps
step "unit tests";            npx jest --selectProjects unit --ci
step "integration tests";     npx jest --selectProjects integration --ci --runInBand --forceExit
step "docker compose file";   bash docker/check.sh
