#!/usr/bin/env bash
# compose.yaml's topology, tried without Docker (README.md, "Deploying"): the standalone build laid
# out as the Dockerfile's runtime stage lays it out, started twice with `node server.js` as the
# image's unprivileged user (uid 10001), one Redis started as compose.yaml starts it, Caddy with
# deploy/Caddyfile in front, and the simulator as the upstream. scripts/try-compose.ts then checks
# it through the proxy and prints a PASS or FAIL line per check. Not part of `npm test`; about
# 4 minutes, most of it the build. What it cannot try is the image itself: that needs Docker
# (scripts/docker-smoke.sh).
#
#   scripts/try-compose.sh                                  # build, start, check, stop
#   INSPECTOR_BASE_PATH=/inspector scripts/try-compose.sh   # the same under a sub-path
#   SKIP_BUILD=1 scripts/try-compose.sh                     # reuse the last trial build
#
# Needs redis-server, caddy (Debian's 2.6 will do) and setpriv (util-linux; run as root to drop to
# uid 10001, otherwise the instances run as the calling user). The build goes into a directory of
# its own (.next/try-compose…), so the build `npm test` and `npm run demo` use is left alone.
# Ports: APP1_PORT (3311), APP2_PORT (3312), PROXY_PORT (8318), REDIS_PORT (6397), SIM_PORT (8799),
# OIDC_PORT (8793: an OpenID Connect provider, oauth2-mock-server, started by try-compose.ts).
#
# The Caddyfile names the instances app1:3000 and app2:3000 (compose's service names) and listens
# on :80: the proxy runs a copy with those three replaced by 127.0.0.1 and the ports above.
set -euo pipefail
cd "$(dirname "$0")/.."

export INSPECTOR_BASE_PATH="${INSPECTOR_BASE_PATH:-}"
APP1_PORT="${APP1_PORT:-3311}"
APP2_PORT="${APP2_PORT:-3312}"
PROXY_PORT="${PROXY_PORT:-8318}"
REDIS_PORT="${REDIS_PORT:-6397}"
SIM_PORT="${SIM_PORT:-8799}"
OIDC_PORT="${OIDC_PORT:-8793}"
# One build directory per sub-path, so trying both does not rebuild each time.
DIST=".next/try-compose${INSPECTOR_BASE_PATH//\//-}"
LOG_DIR=".reports/try-compose${INSPECTOR_BASE_PATH//\//-}"
RUN_UID=10001 # the Dockerfile's `inspector` user

# deploy/Caddyfile for this machine: compose's service names and port replaced, the admin API off
# (nothing here stops Caddy through it). `scripts/try-compose.sh --caddyfile` prints it
# (scripts/deploy.test.ts checks it against the original).
proxy_caddyfile() {
  local copy
  copy="$(sed -e "s/^:80 {/:$PROXY_PORT {/" \
    -e "s/reverse_proxy app1:3000 app2:3000/reverse_proxy 127.0.0.1:$APP1_PORT 127.0.0.1:$APP2_PORT/" deploy/Caddyfile)"
  if ! grep -q "^:$PROXY_PORT {" <<<"$copy" || ! grep -q "reverse_proxy 127.0.0.1:$APP1_PORT " <<<"$copy"; then
    echo "FAIL  deploy/Caddyfile no longer has ':80 {' and 'reverse_proxy app1:3000 app2:3000' to replace" >&2
    return 1
  fi
  printf '{\n\tadmin off\n}\n\n%s\n' "$copy"
}
if [ "${1:-}" = --caddyfile ]; then
  proxy_caddyfile
  exit
fi

mkdir -p "$LOG_DIR"
rm -f "$LOG_DIR"/*.log

for tool in redis-server redis-cli caddy curl; do
  command -v "$tool" >/dev/null || { echo "FAIL  $tool is not installed" >&2; exit 1; }
done
for port in "$APP1_PORT" "$APP2_PORT" "$PROXY_PORT" "$REDIS_PORT" "$SIM_PORT" "$OIDC_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "FAIL  port $port is in use (see the ports above to choose others)" >&2
    exit 1
  fi
done

if [ -z "${SKIP_BUILD:-}" ] || [ ! -f "$DIST/standalone/server.js" ]; then
  echo "Building the standalone output with BASE_PATH=${INSPECTOR_BASE_PATH:-(none)} into $DIST…"
  # As scripts/try-base-path.sh: next build points tsconfig.json and next-env.d.ts at the other
  # directory's types; both are put back.
  cp tsconfig.json "$LOG_DIR/tsconfig.json.saved"
  [ -f next-env.d.ts ] && cp next-env.d.ts "$LOG_DIR/next-env.d.ts.saved"
  status=0
  env NEXT_TELEMETRY_DISABLED=1 NEXT_OUTPUT=standalone NEXT_DIST_DIR="$DIST" BASE_PATH="$INSPECTOR_BASE_PATH" \
    ./node_modules/.bin/next build >"$LOG_DIR/build.out" 2>&1 || status=$?
  cp "$LOG_DIR/tsconfig.json.saved" tsconfig.json
  [ -f "$LOG_DIR/next-env.d.ts.saved" ] && cp "$LOG_DIR/next-env.d.ts.saved" next-env.d.ts
  if [ "$status" -ne 0 ]; then
    tail -40 "$LOG_DIR/build.out" >&2
    echo "FAIL  the standalone build" >&2
    exit 1
  fi
fi

pids=()
work="$(mktemp -d)"
cleanup() {
  status=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
chmod 755 "$work"

# The runtime stage: the standalone server and the modules it was traced to need, the browser's
# assets beside them, public/ if there is one; nothing else of the source (.dockerignore keeps
# .env files out of the image, so none here either).
app="$work/app"
mkdir -p "$app"
cp -a "$DIST/standalone/." "$app/"
mkdir -p "$app/$DIST"
cp -a "$DIST/static" "$app/$DIST/static"
[ -d public ] && cp -a public "$app/public"
find "$app" -maxdepth 1 -name '.env*' -delete
as_user=()
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
  chown -R "$RUN_UID:$RUN_UID" "$app"
  as_user=(setpriv --reuid="$RUN_UID" --regid="$RUN_UID" --clear-groups)
fi

# Redis with compose.yaml's own command line (read from it), on this port and in the temporary
# directory (its volume).
mapfile -t redis_args < <(node -e '
  const compose = require("js-yaml").load(require("fs").readFileSync("compose.yaml", "utf8"));
  for (const arg of compose.services.redis.command.slice(1)) console.log(arg);')
redis-server "${redis_args[@]}" --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$work" >"$LOG_DIR/redis.log" 2>&1 &
pids+=($!)
echo "Redis as compose.yaml starts it: redis-server ${redis_args[*]}"
SIMULATOR_PORT="$SIM_PORT" SIMULATOR_QUIET=1 \
  ./node_modules/.bin/tsx simulator/server.ts >"$LOG_DIR/simulator.log" 2>&1 &
pids+=($!)

# deploy/compose.smoke.yaml's environment file: the simulator's token, a built-in account; and an
# IdP, asked only when someone signs in with it.
EMAIL=compose@example.com
PASSWORD="try-compose-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
USER_ENTRY="$(./node_modules/.bin/tsx scripts/hash-password.ts --email "$EMAIL" --password "$PASSWORD" | tail -1)"
AUTH_SECRET_VALUE="$(od -An -N33 -tx1 /dev/urandom | tr -d ' \n')"

# Each instance gets only what its container would: the image's ENV, compose.yaml's environment
# and the env file (env -i: nothing of this shell's environment leaks in).
start_instance() {
  local name=$1 port=$2
  (
    cd "$app"
    exec env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/nonexistent \
      NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 HOSTNAME=127.0.0.1 PORT="$port" \
      BASE_PATH="$INSPECTOR_BASE_PATH" \
      REDIS_URL="redis://127.0.0.1:$REDIS_PORT" AUTH_TRUST_HOST=true \
      CLOUDFLARE_API_TOKEN=sim-token CLOUDFLARE_ACCOUNT_ID=0123456789abcdef0123456789abcdef \
      CLOUDFLARE_API_BASE_URL="http://127.0.0.1:$SIM_PORT/client/v4" \
      AUTH_SECRET="$AUTH_SECRET_VALUE" AUTH_USERS="$USER_ENTRY" REALTIMEKIT_USER_SHARE_PCT=100 \
      AUTH_OIDC_ISSUER="http://127.0.0.1:$OIDC_PORT" AUTH_OIDC_ID=try-compose AUTH_OIDC_SECRET=try-compose-secret \
      AUTH_ALLOWED_DOMAINS=example.com \
      "${as_user[@]}" node server.js
  ) >"$LOG_DIR/$name.log" 2>&1 &
  pids+=($!)
  # try-compose.ts kills instance 2 on purpose: no "Killed" notice from this shell for it.
  disown $!
}
start_instance app1 "$APP1_PORT"
start_instance app2 "$APP2_PORT"

wait_for() {
  local url=$1 what=$2
  for _ in $(seq 1 150); do
    if curl -fsS "$url" >/dev/null 2>&1; then return 0; fi
    sleep 0.4
  done
  echo "FAIL  $what did not answer $url within a minute (logs in $LOG_DIR)" >&2
  exit 1
}
wait_for "http://127.0.0.1:$SIM_PORT/__sim/health" "the simulator"
redis-cli -p "$REDIS_PORT" ping >/dev/null
wait_for "http://127.0.0.1:$APP1_PORT$INSPECTOR_BASE_PATH/api/health" "app1"
wait_for "http://127.0.0.1:$APP2_PORT$INSPECTOR_BASE_PATH/api/health" "app2"

# The proxy, once both instances are healthy (compose.yaml's depends_on: Caddy's first health check
# would otherwise find them down and keep them out for health_interval), its state kept in the
# temporary directory.
caddyfile="$work/Caddyfile"
proxy_caddyfile >"$caddyfile"
XDG_DATA_HOME="$work/caddy" XDG_CONFIG_HOME="$work/caddy" \
  caddy run --adapter caddyfile --config "$caddyfile" >"$LOG_DIR/caddy.log" 2>&1 &
pids+=($!)

wait_for "http://127.0.0.1:$PROXY_PORT$INSPECTOR_BASE_PATH/api/health" "Caddy"

# Who runs the servers: the image's USER, not root.
for name in app1 app2; do
  port=$([ "$name" = app1 ] && echo "$APP1_PORT" || echo "$APP2_PORT")
  pid="$(ss -Hltnp "sport = :$port" | sed -nE 's/.*pid=([0-9]+).*/\1/p' | head -1)"
  [ "$name" = app2 ] && app2_pid="$pid"
  uid="$(awk '/^Uid:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo '?')"
  if [ "${#as_user[@]}" -eq 0 ]; then
    echo "SKIP  $name runs as uid $uid (not root here, so no switch to uid $RUN_UID)"
  elif [ "$uid" = "$RUN_UID" ]; then
    echo "PASS  $name (node server.js, pid $pid) runs as uid $RUN_UID, not root"
  else
    echo "FAIL  $name (pid $pid) runs as uid $uid, not $RUN_UID"
    exit 1
  fi
done

# The proxy by name: Next.js spells a loopback address `localhost` in the URLs it gives the app, so
# an IdP's redirect URI would otherwise name 127.0.0.1 at sign-in and localhost at the callback.
TRY_PROXY="http://localhost:$PROXY_PORT" TRY_APP1="http://127.0.0.1:$APP1_PORT" \
  TRY_APP2="http://127.0.0.1:$APP2_PORT" TRY_SIM="http://127.0.0.1:$SIM_PORT" TRY_LOG_DIR="$LOG_DIR" \
  TRY_EMAIL="$EMAIL" TRY_PASSWORD="$PASSWORD" TRY_RUN_AS="${as_user[*]}" TRY_OIDC_ISSUER="http://127.0.0.1:$OIDC_PORT" \
  TRY_APP2_PID="$app2_pid" \
  ./node_modules/.bin/tsx scripts/try-compose.ts
