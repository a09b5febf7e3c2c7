#!/usr/bin/env bash
# Runs Bastion's image with exactly what compose.yaml gives the bastion service, against
# Debian's PostgreSQL and Redis, all inside a private network namespace made here, where
# the compose services' names resolve to its loopback and the compose network's gateway
# (the reverse proxy that TRUSTED_PROXIES names) is an address of that loopback too:
#
#   IMAGE=localhost/bastion:test scripts/container/compose.sh      (root; called by test.sh)
#
# Steps: the secrets are made by the commands in compose.yaml's header, as written; the
# environment, secrets, read-only root, tmpfs, user and volume come from compose.yaml
# (compose_env.py); PostgreSQL and Redis are set up the way their images do from the same
# secrets; the health checks that `depends_on: service_healthy` waits for are run; then,
# through the trusted proxy address, the first administrator from the setup code in the log,
# a sign-up that administrator approves, log in and chat, `admin promote` (podman exec,
# while the service runs); and check that the accounts are in PostgreSQL and the limits in
# Redis, and that `doctor` (podman exec too) sees both.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SCRIPT_DIR=$REPO_ROOT/scripts/container
IMAGE=${IMAGE:?set IMAGE to the image to test}
TAG=${TAG:-cmp$$}
P=(podman --runtime runc --cgroup-manager=cgroupfs)
LIMITS=(--ulimit nofile=20000:20000 --ulimit nproc=4096:4096 --health-interval=disable)
PY=/usr/bin/python3 # Debian's, with python3-yaml
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bastion-compose.XXXXXX")
PGDIR=$(mktemp -d "${TMPDIR:-/tmp}/bastion-compose-pg.XXXXXX")
NSPID=""
CONTAINER=bastion-compose-$TAG
VOLUME_PREFIX=bastion-compose-$TAG
FAILURES=0

log() { printf '[compose] %s\n' "$*" >&2; }
pass() { log "PASS $*"; }
fail() {
	FAILURES=$((FAILURES + 1))
	log "FAIL $*"
}
check() {
	local what=$1
	shift
	if "$@" >/dev/null; then pass "$what"; else fail "$what"; fi
}
die() {
	log "error: $*"
	exit 1
}

# shellcheck disable=SC2317 # invoked by the EXIT trap
cleanup() {
	local rc=$?
	set +e
	trap - EXIT
	"${P[@]}" rm -f -t 5 "$CONTAINER" >/dev/null 2>&1 || true
	"${P[@]}" volume rm -f "$VOLUME_PREFIX-bastion-data" >/dev/null 2>&1 || true
	if [[ -n $NSPID ]]; then
		[[ -f $PGDIR/data/postmaster.pid ]] &&
			runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGDIR/data" -m fast -w stop >/dev/null 2>&1
		if [[ -f $WORK/redis.pid ]]; then
			# Redis refuses to exit while it cannot write its files: stop it before they go.
			local redis
			redis=$(cat "$WORK/redis.pid")
			kill "$redis" 2>/dev/null
			for _ in $(seq 1 50); do kill -0 "$redis" 2>/dev/null || break; sleep 0.1; done
			kill -9 "$redis" 2>/dev/null
		fi
		kill "$NSPID" 2>/dev/null
		wait "$NSPID" 2>/dev/null
	fi
	rm -rf "$WORK" "$PGDIR"
	exit "$rc"
}
trap cleanup EXIT

[[ -x $PY ]] && "$PY" -c 'import yaml' 2>/dev/null || die "needs Debian's python3-yaml"
[[ -n $PG_BIN && -x /usr/bin/redis-server ]] || die "needs Debian's postgresql and redis-server"
COMPOSE=$REPO_ROOT/compose.yaml

# --- the secrets, made by the commands in compose.yaml's header, as written -------------------
sed -n '/^# Before the first start, create the secrets/,/^# and set PUBLIC_URL/p' "$COMPOSE" |
	sed -n 's/^#   //p' >"$WORK/make-secrets.sh"
[[ -s $WORK/make-secrets.sh ]] || die "no secret-making commands found in compose.yaml's header"
(cd "$WORK" && bash -euo pipefail make-secrets.sh) || die "the secret-making commands failed"
SECRETS=$WORK/secrets
for f in secret_key postgres_password redis_url redis.conf; do
	[[ -s $SECRETS/$f ]] || die "compose.yaml's commands did not make secrets/$f"
done

# --- a private network namespace: loopback, plus the compose network's gateway address --------
unshare --net sleep infinity &
NSPID=$!
sleep 0.2
NS=(nsenter -t "$NSPID" -n)
"${NS[@]}" ip link set lo up
GATEWAY=$("$PY" -c 'import sys, yaml
c = yaml.safe_load(open(sys.argv[1]))
print(c["networks"]["bastion"]["ipam"]["config"][0]["gateway"])' "$COMPOSE")
"${NS[@]}" ip addr add "$GATEWAY/32" dev lo

# --- PostgreSQL as its image sets it up: POSTGRES_USER/DB bastion, POSTGRES_PASSWORD_FILE ----
chown postgres: "$PGDIR"
install -o postgres -m 0600 "$SECRETS/postgres_password" "$PGDIR/pwfile"
runuser -u postgres -- "$PG_BIN/initdb" -D "$PGDIR/data" --username=bastion --pwfile="$PGDIR/pwfile" \
	--auth-local=trust --auth-host=scram-sha-256 >"$WORK/initdb.log" 2>&1 || {
	cat "$WORK/initdb.log" >&2
	die "initdb failed"
}
install -d -o postgres "$PGDIR/socket"
"${NS[@]}" runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/postgres.log" -w \
	-o "-c listen_addresses=127.0.0.1 -c port=5432 -c unix_socket_directories=$PGDIR/socket" start >/dev/null ||
	die "PostgreSQL did not start"
"${NS[@]}" runuser -u postgres -- "$PG_BIN/createdb" -h "$PGDIR/socket" -U bastion bastion

# --- Redis as compose starts it: redis-server /run/secrets/redis_conf --appendonly yes --------
mkdir -p "$WORK/redis"
"${NS[@]}" redis-server "$SECRETS/redis.conf" --appendonly yes --bind 127.0.0.1 --port 6379 \
	--dir "$WORK/redis" --daemonize yes --pidfile "$WORK/redis.pid" --logfile "$WORK/redis.log"

# --- the health checks bastion's depends_on waits for -----------------------------------------
while IFS=$'\t' read -r service command; do
	[[ -n $service ]] || continue
	ok=""
	for _ in $(seq 1 50); do
		if "${NS[@]}" env PGHOST=127.0.0.1 sh -c "$command" >/dev/null 2>&1; then
			ok=1
			break
		fi
		sleep 0.2
	done
	check "compose health check of $service passes: $command" test -n "$ok"
done < <("$PY" "$SCRIPT_DIR/compose_env.py" "$COMPOSE" "$SECRETS" "$VOLUME_PREFIX" healthchecks bastion)

# --- bastion, with what compose.yaml gives it ---------------------------------------------------
mapfile -d '' OPTIONS < <("$PY" "$SCRIPT_DIR/compose_env.py" "$COMPOSE" "$SECRETS" "$VOLUME_PREFIX" run bastion)
((${#OPTIONS[@]} > 10)) || die "compose_env.py gave no options"
log "podman run ${OPTIONS[*]}"
"${P[@]}" run -d --name "$CONTAINER" "${LIMITS[@]}" --network "ns:/proc/$NSPID/ns/net" \
	--add-host postgres:127.0.0.1 --add-host redis:127.0.0.1 "${OPTIONS[@]}" "$IMAGE" >/dev/null 2>"$WORK/podman.log" || {
	cat "$WORK/podman.log" >&2
	die "podman run failed"
}

# A failed request is a failed check, not the end of the run.
http() { "${NS[@]}" curl -sS --noproxy '*' --max-time 60 "$@" || true; }
CURL=(http)
BASE=http://127.0.0.1:8080
for _ in $(seq 1 900); do
	[[ $("${CURL[@]}" --max-time 5 -o /dev/null -w '%{http_code}' "$BASE/livez" 2>/dev/null) == 200 ]] && break
	"${P[@]}" container exists "$CONTAINER" && [[ $("${P[@]}" inspect -f '{{.State.Running}}' "$CONTAINER") == true ]] ||
		break
	sleep 0.2
done
if [[ $("${CURL[@]}" -o /dev/null -w '%{http_code}' "$BASE/livez" 2>/dev/null) != 200 ]]; then
	"${P[@]}" logs "$CONTAINER" 2>&1 | tail -n 40 >&2
	die "bastion did not answer /livez with compose.yaml's environment"
fi
pass "bastion is up with compose.yaml's environment (PostgreSQL, Redis, secrets from files)"

# Through the proxy that TRUSTED_PROXIES names, which terminated TLS.
PROXY=(--interface "$GATEWAY" -H 'X-Forwarded-Proto: https' -H 'X-Forwarded-For: 198.51.100.20'
	-H 'Content-Type: application/json')
PASSWORD=violet-anchor-tundra-71
login() { # login USERNAME: prints an access token, or the problem the login got (no secret in it)
	local answer token
	answer=$("${CURL[@]}" "${PROXY[@]}" -d "{\"username\":\"$1\",\"password\":\"$PASSWORD\"}" "$BASE/api/v1/auth/login")
	token=$(jq -r '.access_token // empty' <<<"$answer" 2>/dev/null || true)
	if [[ -n $token ]]; then printf '%s' "$token"; else printf 'problem: %s' "$answer"; fi
}
failed_login() { if [[ $1 == problem:* ]]; then printf ': %s' "$1"; fi; } # shows a problem, never a token

# The first administrator from the setup code in the log, as a new operator does.
SETUP_CODE=""
for _ in $(seq 1 150); do # the line follows the start closely; /livez may answer just before it
	SETUP_CODE=$("${P[@]}" logs "$CONTAINER" 2>&1 | grep -o 'Bastion setup code: [0-9A-Z-]*' | tail -n 1 | cut -d' ' -f4 || true)
	[[ -n $SETUP_CODE ]] && break
	sleep 0.2
done
check "the log holds a setup code" test -n "$SETUP_CODE"
code=$("${CURL[@]}" "${PROXY[@]}" -o /dev/null -w '%{http_code}' \
	-d "{\"setup_code\":\"$SETUP_CODE\",\"username\":\"root\",\"email\":\"root@example.org\",\"password\":\"$PASSWORD\"}" \
	"$BASE/api/v1/setup")
check "POST /api/v1/setup through the trusted proxy makes the first administrator: 201 ($code)" test "$code" = 201
admin=$(login root)
check "the administrator logs in through the trusted proxy$(failed_login "$admin")" test "${admin:0:3}" = eyJ
provider=$("${CURL[@]}" "${PROXY[@]}" -H "Authorization: Bearer $admin" -d '{"message":"hello compose"}' \
	"$BASE/api/v1/chat" | jq -r '.provider // empty' 2>/dev/null || true)
check "the administrator chats through the trusted proxy (provider $provider)" test "$provider" = offline

# A sign-up waits for approval (production's REGISTRATION=approval), then logs in and chats.
registered=$("${CURL[@]}" "${PROXY[@]}" \
	-d "{\"username\":\"carol\",\"email\":\"carol@example.org\",\"password\":\"$PASSWORD\"}" \
	"$BASE/api/v1/auth/register")
check "register through the trusted proxy: pending approval" jq -e '.pending == true' <<<"$registered"
carol_id=$(jq -r '.id // empty' <<<"$registered" 2>/dev/null || true)
code=$("${CURL[@]}" "${PROXY[@]}" -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $admin" \
	"$BASE/api/v1/admin/users/$carol_id/approve")
check "the administrator approves carol: 204 ($code)" test "$code" = 204
token=$(login carol)
check "carol logs in through the trusted proxy$(failed_login "$token")" test "${token:0:3}" = eyJ
provider=$("${CURL[@]}" "${PROXY[@]}" -H "Authorization: Bearer $token" -d '{"message":"hello compose"}' \
	"$BASE/api/v1/chat" | jq -r '.provider // empty' 2>/dev/null || true)
check "chat through the trusted proxy (provider $provider)" test "$provider" = offline
# Its last line is the answer; the lines before are the command's own start-up log.
promoted=$("${P[@]}" exec "$CONTAINER" java -jar /app/bastion.jar admin promote carol 2>/dev/null | tail -n 1 || true)
role=$("${CURL[@]}" "${PROXY[@]}" -H "Authorization: Bearer $admin" "$BASE/api/v1/admin/users?q=carol" |
	jq -r '.users[0].role // empty' 2>/dev/null || true)
check "admin promote beside the running service, on PostgreSQL ($promoted; role $role)" test "$role" = ADMIN
health=$("${CURL[@]}" "${PROXY[@]}" "$BASE/api/v1/health" || true)
check "health: database and redis UP ($health)" jq -e '.database == "UP" and .redis == "UP"' <<<"$health"

accounts=$("${NS[@]}" runuser -u postgres -- psql -h "$PGDIR/socket" -U bastion -d bastion -tAc \
	"select count(*) from accounts where username = 'carol'" 2>/dev/null || true)
check "the account is in PostgreSQL" test "$accounts" = 1
keys=$("${NS[@]}" redis-cli --no-auth-warning -a "$(sed -n 's/^requirepass //p' "$SECRETS/redis.conf")" dbsize)
check "Bastion's shared state is in Redis ($keys keys)" test "${keys:-0}" -gt 0
doctor=$("${P[@]}" exec "$CONTAINER" java -jar /app/bastion.jar doctor 2>/dev/null || true)
printf '%s\n' "$doctor" | sed 's/^/[compose]   doctor: /' >&2
check "doctor (podman exec, service running) sees PostgreSQL and Redis" \
	bash -c 'grep -q "^PASS  database: PostgreSQL reachable" <<<"$1" && grep -q "^PASS  REDIS_URL: Redis UP" <<<"$1"' _ "$doctor"
diff_out=$("${P[@]}" diff "$CONTAINER")
check "podman diff: nothing written outside /data and /tmp${diff_out:+ (got: $diff_out)}" test -z "$diff_out"

((FAILURES == 0))
