#!/usr/bin/env bash
# Sets Laurel up on a fresh Debian/Ubuntu machine with Node 20.19+: installs the npm dependencies
# from the lockfile, installs redis-server from the distribution if it is missing (the embedded
# run starts a private one), and builds. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("Laurel needs Node.js >= 20.19 (found "+process.version+")"); process.exit(1); }'
node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<22||(a===22&&b<13)) console.warn("warning: Node.js "+process.version+" is past its end of life and below what the dependencies ask for (>= 22.13; README, \"Node.js versions\"); it still runs the test suite, but use Node 24 LTS.");'

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

if [ -z "${REDIS_URL:-}" ] && ! command -v redis-server >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    echo "setup: installing redis-server with apt-get (the embedded run starts a private one)"
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update -qq
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq redis-server >/dev/null
  else
    echo "setup: redis-server is not installed: install it (e.g. 'brew install redis') or set REDIS_URL" >&2
    exit 1
  fi
fi

# The console's browser tests (test/console) drive Debian's chromium through playwright-core.
if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    echo "setup: installing chromium with apt-get (the console's browser tests drive it)"
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update -qq
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq chromium >/dev/null
  else
    echo "setup: chromium is not installed (the console's browser tests need it): install it or set CHROMIUM_PATH" >&2
  fi
fi

npm run build --silent
echo "setup: done"
