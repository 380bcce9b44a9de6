#!/usr/bin/env bash
# npm run test:kurrentdb — the event store contract suite against a real KurrentDB server.
# Needs KURRENTDB_URL; start a single node with: docker compose -f docker/compose.yaml --profile kurrentdb up -d kurrentdb
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${KURRENTDB_URL:-}" ]; then
  cat >&2 <<'MSG'
test:kurrentdb: KURRENTDB_URL is not set. The KurrentDB contract run needs a KurrentDB server; this
command does not fake one. Start a single node with Docker and point the suite at it:

  docker compose -f docker/compose.yaml --profile kurrentdb up -d kurrentdb
  KURRENTDB_URL='kurrentdb://localhost:2113?tls=false' npm run test:kurrentdb

(docs/event-store.md, "Running the contract suite against KurrentDB")
MSG
  exit 2
fi
exec npx jest --selectProjects kurrentdb --ci --runInBand --forceExit "$@"
