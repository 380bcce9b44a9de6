#!/usr/bin/env bash
# Quick start: set up, then run API, projector and worker in one process on embedded defaults
# (PostgreSQL from npm in ./.data/pg, a private redis-server in ./.data/redis). Ctrl-C stops it all.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node dist/apps/laurel/src/main.js
