#!/usr/bin/env bash
# Validates docker/compose.yaml without a Docker engine (CI calls this).
# Uses docker-compose (or the `docker compose` plugin); installs Debian's docker-compose with
# apt-get when neither is there and we run as root. Exits non-zero on any failure.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
compose_file="$here/compose.yaml"
fail() { echo "docker/check.sh: $*" >&2; exit 1; }

compose=()
if command -v docker-compose >/dev/null 2>&1; then
  compose=(docker-compose)
elif command -v docker >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
else
  [ "$(id -u)" -eq 0 ] || fail "docker-compose is not installed; install it with: sudo apt-get install -y docker-compose"
  command -v apt-get >/dev/null 2>&1 || fail "docker-compose is not installed and apt-get is not available to install it"
  echo "docker/check.sh: installing docker-compose with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=300 update -qq >/dev/null || fail "apt-get update failed"
  apt-get -o DPkg::Lock::Timeout=300 install -y -qq docker-compose >/dev/null || fail "apt-get install docker-compose failed"
  command -v docker-compose >/dev/null 2>&1 || fail "docker-compose still not found after installing it"
  compose=(docker-compose)
fi

"${compose[@]}" -f "$compose_file" config --quiet || fail "$compose_file is not a valid compose file"

services="$("${compose[@]}" -f "$compose_file" config --services)" || fail "cannot list services"
for service in postgres redis api projector worker; do
  grep -qx "$service" <<<"$services" || fail "service '$service' is missing from $compose_file"
done

[ -f "$here/Dockerfile" ] || fail "docker/Dockerfile is missing"
grep -q '^FROM .* AS runtime' "$here/Dockerfile" || fail "docker/Dockerfile has no runtime stage"

echo "docker/check.sh: $compose_file is valid (${compose[*]}: $(echo "$services" | tr '\n' ' '))"
