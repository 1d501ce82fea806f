#!/usr/bin/env bash
# Sub-path hosting, tried end to end (README.md, "Deploying"): builds the app with
# BASE_PATH=/inspector into its own directory (.next/try-base-path, so the build `npm test` and
# `npm run demo` use is left alone), starts the simulator and `next start` on it, then signs in
# with Chromium and walks the console under the sub-path, with a built-in account and through an
# OpenID Connect provider (oauth2-mock-server, started by scripts/try-base-path.ts, as in e2e;
# that file says what is checked). Not part of `npm test`: a second build would double its time.
# About 4 minutes.
#
#   scripts/try-base-path.sh                 # build, start, check, stop
#   SKIP_BUILD=1 scripts/try-base-path.sh    # reuse the last trial build
#
# BASE_PATH, APP_PORT (3301), SIM_PORT (8797) and OIDC_PORT (8792, the IdP) may be set; Chromium as
# for the browser tests (PLAYWRIGHT_CHROMIUM_PATH).
set -euo pipefail
cd "$(dirname "$0")/.."

export BASE_PATH="${BASE_PATH:-/inspector}"
export NEXT_DIST_DIR=.next/try-base-path
export NEXT_TELEMETRY_DISABLED=1
APP_PORT="${APP_PORT:-3301}"
SIM_PORT="${SIM_PORT:-8797}"
OIDC_PORT="${OIDC_PORT:-8792}"
OIDC_ISSUER="http://127.0.0.1:$OIDC_PORT"
LOG_DIR=.reports/try-base-path
mkdir -p "$LOG_DIR"

if [ -z "${SKIP_BUILD:-}" ] || [ ! -f "$NEXT_DIST_DIR/BUILD_ID" ]; then
  echo "Building with BASE_PATH=$BASE_PATH into $NEXT_DIST_DIR…"
  # next build adds the other directory's types to tsconfig.json and points next-env.d.ts at them:
  # put both back, so the repository's type check and the usual build are as they were.
  cp tsconfig.json "$LOG_DIR/tsconfig.json.saved"
  [ -f next-env.d.ts ] && cp next-env.d.ts "$LOG_DIR/next-env.d.ts.saved"
  status=0
  ./node_modules/.bin/next build >"$LOG_DIR/build.log" 2>&1 || status=$?
  cp "$LOG_DIR/tsconfig.json.saved" tsconfig.json
  [ -f "$LOG_DIR/next-env.d.ts.saved" ] && cp "$LOG_DIR/next-env.d.ts.saved" next-env.d.ts
  if [ "$status" -ne 0 ]; then
    tail -40 "$LOG_DIR/build.log" >&2
    exit 1
  fi
fi

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

SIMULATOR_PORT="$SIM_PORT" SIMULATOR_QUIET=1 ./node_modules/.bin/tsx simulator/server.ts >"$LOG_DIR/simulator.log" 2>&1 &
pids+=($!)

# The demo's environment (scripts/demo.ts), on the simulator's port; a fresh secret per run. The
# IdP is asked only when someone signs in with it, so try-base-path.ts starts it itself. The app by
# name: Next.js spells a loopback address `localhost` in the URLs it gives the app, so with 127.0.0.1
# an IdP's redirect URI would name one at sign-in and the other at the callback.
PASSWORD="try-base-path-$RANDOM$RANDOM"
USER_ENTRY="$(./node_modules/.bin/tsx scripts/hash-password.ts --email try@example.com <<<"$PASSWORD")"
env DEMO_MODE=true \
  CLOUDFLARE_API_TOKEN=sim-token CLOUDFLARE_ACCOUNT_ID=0123456789abcdef0123456789abcdef \
  CLOUDFLARE_API_BASE_URL="http://127.0.0.1:$SIM_PORT/client/v4" \
  AUTH_SECRET="$(node -e 'console.log(require("crypto").randomBytes(33).toString("base64"))')" \
  AUTH_URL="http://localhost:$APP_PORT$BASE_PATH/api/auth" \
  AUTH_USERS="$USER_ENTRY" REALTIMEKIT_USER_SHARE_PCT=100 \
  AUTH_OIDC_ISSUER="$OIDC_ISSUER" AUTH_OIDC_ID=try-base-path AUTH_OIDC_SECRET=try-base-path-secret \
  AUTH_OIDC_NAME="Example SSO" AUTH_GITHUB_ID= AUTH_GITHUB_SECRET= \
  AUTH_ALLOWED_EMAILS= AUTH_ALLOWED_DOMAINS=example.com REALTIMEKIT_APP_IDS= REDIS_URL= \
  ./node_modules/.bin/next start -H 127.0.0.1 -p "$APP_PORT" >"$LOG_DIR/app.log" 2>&1 &
pids+=($!)

for _ in $(seq 1 150); do
  if curl -fsS "http://127.0.0.1:$APP_PORT$BASE_PATH/api/health" >/dev/null 2>&1; then break; fi
  sleep 0.4
done

TRY_ORIGIN="http://localhost:$APP_PORT" TRY_EMAIL=try@example.com TRY_PASSWORD="$PASSWORD" \
  TRY_OIDC_ISSUER="$OIDC_ISSUER" TRY_OIDC_NAME="Example SSO" \
  ./node_modules/.bin/tsx scripts/try-base-path.ts
