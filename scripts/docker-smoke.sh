#!/usr/bin/env bash
# The container deployment, tried end to end on a machine with Docker (README.md, "Deploying"):
# builds the image, starts compose.yaml (two instances, Caddy, Redis) with the simulator as the
# upstream (deploy/compose.smoke.yaml), waits until every service is healthy, signs in with curl
# as a built-in account (AUTH_USERS), fetches a page and the JSON API through the proxy until both
# instances have answered, signs out and checks that the saved cookie is refused by both (the
# revocation list in Redis), then takes everything down. `npm test` does not need Docker.
#
#   scripts/docker-smoke.sh
#   INSPECTOR_BASE_PATH=/inspector scripts/docker-smoke.sh     # the image built for a sub-path
#
# INSPECTOR_HTTP_PORT (default 8080) is where the proxy listens on this machine.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v docker >/dev/null || { echo "docker is not installed" >&2; exit 1; }
docker info >/dev/null 2>&1 || { echo "the Docker daemon is not reachable" >&2; exit 1; }

export INSPECTOR_HTTP_PORT="${INSPECTOR_HTTP_PORT:-8080}"
export INSPECTOR_BASE_PATH="${INSPECTOR_BASE_PATH:-}"
BASE="http://127.0.0.1:$INSPECTOR_HTTP_PORT$INSPECTOR_BASE_PATH"
APP_ID=6f0c2f4e-1d7b-4a53-9c1e-2b7a9d4e8c10 # the simulator's prod app (simulator/scenarios.ts)
EMAIL=smoke@example.com
PASSWORD="smoke-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"

work="$(mktemp -d)"
export INSPECTOR_ENV_FILE="$work/smoke.env"
: >"$INSPECTOR_ENV_FILE"
compose() { docker compose -p inspector-smoke -f compose.yaml -f deploy/compose.smoke.yaml "$@"; }
cleanup() {
  status=$?
  if [ "$status" -ne 0 ]; then compose logs --no-color --tail 80 >&2 || true; fi
  compose down -v --remove-orphans >/dev/null 2>&1 || true
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
fail() {
  echo "FAIL  $*" >&2
  exit 1
}

echo "Building the images…"
compose build
# A built-in account, hashed by the app's own script inside the build image.
entry="$(compose run --rm --no-deps -T simulator node_modules/.bin/tsx scripts/hash-password.ts \
  --email "$EMAIL" --password "$PASSWORD" | tail -1)"
cat >"$INSPECTOR_ENV_FILE" <<ENV
CLOUDFLARE_API_TOKEN=sim-token
CLOUDFLARE_ACCOUNT_ID=0123456789abcdef0123456789abcdef
CLOUDFLARE_API_BASE_URL=http://simulator:8787/client/v4
AUTH_SECRET=$(od -An -N33 -tx1 /dev/urandom | tr -d ' \n')
AUTH_USERS=$entry
REALTIMEKIT_USER_SHARE_PCT=100
ENV

echo "Starting two instances, the proxy, Redis and the simulator…"
compose up -d --wait --wait-timeout 180
echo "ok    every service is healthy"

ready="$(curl -fsS "$BASE/api/ready")" || fail "/api/ready through the proxy"
grep -q '"status":"ready"' <<<"$ready" || fail "/api/ready says: $ready"
echo "ok    /api/ready: $ready"

# Sign in through Auth.js's own routes, as a browser without JavaScript would.
jar="$work/cookies"
csrf="$(curl -fsS -c "$jar" -b "$jar" "$BASE/api/auth/csrf" | sed -E 's/.*"csrfToken":"([^"]+)".*/\1/')"
[ -n "$csrf" ] || fail "no CSRF token from $BASE/api/auth/csrf"
code="$(curl -sS -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" \
  --data-urlencode "csrfToken=$csrf" --data-urlencode "email=$EMAIL" --data-urlencode "password=$PASSWORD" \
  --data-urlencode "callbackUrl=/" "$BASE/api/auth/callback/password")"
grep -q "authjs.session-token" "$jar" || fail "sign-in (HTTP $code) set no session cookie"
echo "ok    signed in as $EMAIL"
cp "$jar" "$work/saved-cookies"

# Round robin: a few requests reach both instances; each must serve the signed-in user.
seen=" " # instances that answered, space-separated (no associative arrays: macOS's bash is 3.2)
for _ in $(seq 1 12); do
  headers="$work/headers"
  status="$(curl -sS -o /dev/null -D "$headers" -w '%{http_code}' -b "$jar" "$BASE/apps/$APP_ID/sessions")"
  instance="$(tr -d '\r' <"$headers" | awk -F': ' 'tolower($1) == "x-inspector-instance" { print $2 }')"
  [ "$status" = 200 ] || fail "the sessions page answered $status (instance ${instance:-?})"
  api="$(curl -sS -o /dev/null -w '%{http_code}' -b "$jar" "$BASE/api/apps")"
  [ "$api" = 200 ] || fail "the JSON API answered $api"
  case "$seen" in *" ${instance:-unknown} "*) ;; *) seen="$seen${instance:-unknown} " ;; esac
done
count="$(wc -w <<<"$seen" | tr -d ' ')"
[ "$count" -ge 2 ] || fail "only$seen answered: the proxy did not reach both instances"
echo "ok    the sessions page and the JSON API answered 200 on$seen"

# Sign out on one instance; the saved cookie must be refused on every instance (Redis).
csrf="$(curl -fsS -c "$jar" -b "$jar" "$BASE/api/auth/csrf" | sed -E 's/.*"csrfToken":"([^"]+)".*/\1/')"
curl -sS -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrfToken=$csrf" --data-urlencode "callbackUrl=/" \
  "$BASE/api/auth/signout"
for _ in $(seq 1 6); do
  after="$(curl -sS -o /dev/null -w '%{http_code}' -b "$work/saved-cookies" "$BASE/api/apps")"
  [ "$after" = 401 ] || fail "a cookie saved before sign-out got $after instead of 401"
done
echo "ok    a cookie saved before sign-out is refused by every instance"

echo
echo "Docker smoke test passed."
