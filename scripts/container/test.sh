#!/usr/bin/env bash
# Builds Bastion's image on a Java base made here from Debian's packages (base.sh) and
# proves it the way the README's container quick start runs it:
#
#   scripts/container/test.sh            (after ./mvnw package; as root, with podman, runc,
#                                          debootstrap, openssl, curl, jq, python3-yaml)
#
# Checks: the image's configuration (user, entrypoint, production, stop signal, labels,
# SBOM); the built-in-TLS quick start (HTTPS, redirect, HSTS, register + login + chat, the
# image's own HEALTHCHECK, the first administrator from the setup code in the log, a sign-up
# approved by that administrator, not root, read-only root filesystem and nothing written
# outside /data and /tmp, graceful stop); `admin create-admin` and `doctor` inside the image; the
# reverse-proxy quick start on the same volume (restart keeps the data, forwarded proto
# from the trusted bridge gateway); start-up time to the first /livez 200 with and without
# the AOT cache; then compose.sh (compose.yaml's environment against real PostgreSQL and
# Redis). Everything it creates (images, containers, volumes, files) is removed at the end.
#
# Environment: BASE_IMAGE (reuse an existing base instead of running base.sh),
# KEEP_IMAGE=1 (keep localhost/bastion:test), STARTS (start-up measurements per variant, 2).
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SCRIPT_DIR=$REPO_ROOT/scripts/container
cd "$REPO_ROOT"
P=(podman --runtime runc --cgroup-manager=cgroupfs)
# The sandbox refuses podman's default rlimits; systemd timers for health checks do not
# exist here, so health checks run on demand (podman healthcheck run).
LIMITS=(--ulimit nofile=20000:20000 --ulimit nproc=4096:4096 --health-interval=disable)
IMAGE=localhost/bastion:test
TAG=ct$$
STARTS=${STARTS:-2}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bastion-container.XXXXXX")
BUILT_BASE=""
FAILURES=0
PASSES=0

log() { printf '[container] %s\n' "$*" >&2; }
pass() {
	PASSES=$((PASSES + 1))
	log "PASS $*"
}
fail() {
	FAILURES=$((FAILURES + 1))
	log "FAIL $*"
}
check() { # check DESCRIPTION COMMAND...
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
	local ids
	ids=$("${P[@]}" ps -aq --filter "label=bastion.test=$TAG" 2>/dev/null || true)
	[[ -n $ids ]] && "${P[@]}" rm -f -t 5 $ids >/dev/null 2>&1
	ids=$("${P[@]}" volume ls -q --filter "label=bastion.test=$TAG" 2>/dev/null || true)
	[[ -n $ids ]] && "${P[@]}" volume rm -f $ids >/dev/null 2>&1
	if [[ -z ${KEEP_IMAGE:-} ]]; then
		"${P[@]}" rmi -f "$IMAGE" >/dev/null 2>&1 || true
	fi
	[[ -n $BUILT_BASE ]] && "${P[@]}" rmi -f "$BUILT_BASE" >/dev/null 2>&1
	rm -rf "$WORK"
	exit "$rc"
}
trap cleanup EXIT

for tool in podman runc openssl curl jq unzip python3; do
	command -v "$tool" >/dev/null 2>&1 || die "'$tool' is not installed"
done
JAR=target/bastion.jar
[[ -f $JAR ]] || die "build first: ./mvnw package (needs $JAR)"
SBOM=$WORK/jar-sbom.json
unzip -p "$JAR" META-INF/sbom/application.cdx.json >"$SBOM" 2>/dev/null || die "no SBOM in $JAR"

free_ports() { # free_ports N: N distinct free loopback ports
	python3 - "$1" <<-'EOF'
		import socket, sys
		sockets = [socket.socket() for _ in range(int(sys.argv[1]))]
		for s in sockets:
		    s.bind(("127.0.0.1", 0))
		print(" ".join(str(s.getsockname()[1]) for s in sockets))
	EOF
}

# --- the image -------------------------------------------------------------------------------
started=$SECONDS
if [[ -n ${BASE_IMAGE:-} ]]; then
	"${P[@]}" image exists "$BASE_IMAGE" || die "BASE_IMAGE $BASE_IMAGE does not exist"
	BASE=$BASE_IMAGE
else
	BASE=localhost/bastion-java-base:$TAG
	BUILT_BASE=$BASE
	bash "$SCRIPT_DIR/base.sh" "$BASE"
fi
base_seconds=$((SECONDS - started))
VERSION=$(unzip -p "$JAR" META-INF/MANIFEST.MF 2>/dev/null | sed -n 's/^Implementation-Version: *//p' | tr -d '\r')
[[ -n $VERSION ]] || VERSION=$(python3 -c 'import sys, zipfile
m = zipfile.ZipFile(sys.argv[1]).read("META-INF/MANIFEST.MF").decode()
print(next(l.split(": ", 1)[1].strip() for l in m.splitlines() if l.startswith("Implementation-Version:")))' "$JAR")
REVISION=$(git rev-parse HEAD 2>/dev/null || echo "")
log "podman build $IMAGE (version $VERSION) on $BASE"
started=$SECONDS
"${P[@]}" build --format docker --layers=false --ulimit nofile=20000:20000 --ulimit nproc=4096:4096 \
	--build-arg JAVA_BASE="$BASE" --build-arg VERSION="$VERSION" --build-arg REVISION="$REVISION" \
	-t "$IMAGE" -f Containerfile . >"$WORK/build.log" 2>&1 || {
	tail -n 40 "$WORK/build.log" >&2
	die "podman build failed"
}
build_seconds=$((SECONDS - started))
SIZE_MB=$("${P[@]}" image inspect --format '{{.Size}}' "$IMAGE" | awk '{printf "%.0f", $1 / 1e6}')
log "image built in ${build_seconds}s (base ${base_seconds}s): $SIZE_MB MB"

config=$("${P[@]}" image inspect "$IMAGE" | jq '.[0].Config')
check "image runs as 10001:10001" test "$(jq -r .User <<<"$config")" = "10001:10001"
check "image stops with SIGTERM" test "$(jq -r .StopSignal <<<"$config")" = "SIGTERM"
check "image defaults to production" jq -e '.Env | index("SPRING_PROFILES_ACTIVE=production")' <<<"$config"
check "image declares itself a container" jq -e '.Env | index("container=oci")' <<<"$config"
check "image entrypoint uses the AOT cache" jq -e '.Entrypoint | index("-XX:AOTCache=/app/bastion.aot")' <<<"$config"
check "image labels its version" test "$(jq -r '.Labels["org.opencontainers.image.version"]' <<<"$config")" = "$VERSION"
sbom=$("${P[@]}" run --rm "${LIMITS[@]}" --entrypoint cat "$IMAGE" /app/sbom.cdx.json 2>/dev/null || true)
check "SBOM at /app/sbom.cdx.json is CycloneDX for bastion $VERSION" \
	jq -e --arg v "$VERSION" '.bomFormat == "CycloneDX" and .metadata.component.name == "bastion"
		and .metadata.component.version == $v and (.components | length) > 100' <<<"$sbom"
check "SBOM in the image equals the one in the jar" cmp -s <(jq -S . <<<"$sbom") <(jq -S . "$SBOM")

# --- what the operator prepares (README: Container quick start) --------------------------------
SECRETS=$WORK/etc-bastion
install -d -m 0700 "$SECRETS/tls"
openssl rand -hex 32 >"$SECRETS/secret-key"
openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 2 -subj /CN=localhost \
	-addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout "$SECRETS/tls/privkey.pem" \
	-out "$SECRETS/tls/fullchain.pem" 2>/dev/null
chmod 0600 "$SECRETS/secret-key" "$SECRETS/tls/privkey.pem"
chown -R 10001:10001 "$SECRETS"
VOLUME=bastion-data-$TAG
"${P[@]}" volume create --label "bastion.test=$TAG" "$VOLUME" >/dev/null

read -r HTTPS_PORT HTTP_PORT PROXY_PORT MANAGEMENT_PORT < <(free_ports 4)
CACERT=$SECRETS/tls/fullchain.pem
HTTPS=https://localhost:$HTTPS_PORT
# Generous: a first login hashes a password on a cold JVM, maybe on a loaded machine.
# A failed request is a failed check, not the end of the run.
http() { curl -sS --noproxy '*' --max-time 60 "$@" || true; }
CURL=(http)

wait_for_livez() { # wait_for_livez URL [curl options...]: seconds until the first 200, or fail
	local url=$1 t0 code
	shift
	t0=$(date +%s%N)
	while :; do
		code=$("${CURL[@]}" --max-time 5 -o /dev/null -w '%{http_code}' "$@" "$url/livez" 2>/dev/null || true)
		[[ $code == 200 ]] && break
		(($(date +%s%N) - t0 > 180000000000)) && return 1
		sleep 0.05
	done
	printf '%s' "$(((($(date +%s%N) - t0) / 1000000)))"
}

run_tls() { # the built-in-TLS quick start, host ports moved to free ones
	# --read-only-tmpfs=false: podman would also mount tmpfs on /run and /var/tmp; Bastion
	# needs neither, and this proves it.
	"${P[@]}" run -d --name "$1" --label "bastion.test=$TAG" "${LIMITS[@]}" \
		--read-only --read-only-tmpfs=false --tmpfs /tmp -v "$VOLUME:/data" \
		--sysctl net.ipv4.ip_unprivileged_port_start=80 \
		-p "127.0.0.1:$HTTPS_PORT:443" -p "127.0.0.1:$HTTP_PORT:80" \
		-v "$SECRETS:/etc/bastion:ro" \
		-e SECRET_KEY_FILE=/etc/bastion/secret-key \
		-e TLS_CERT_FILE=/etc/bastion/tls/fullchain.pem -e TLS_KEY_FILE=/etc/bastion/tls/privkey.pem \
		-e SERVER_PORT=443 -e HTTP_PORT=80 -e PUBLIC_URL=https://localhost \
		"${@:2}" "$IMAGE" >/dev/null 2>>"$WORK/podman.log"
}

json() { "${CURL[@]}" -H 'Content-Type: application/json' "$@"; }

# --- 1. built-in TLS: first start on an empty volume ------------------------------------------
log "quick start with built-in TLS"
# Plus the scraper option: the management port on the container's every interface,
# published on the host's loopback.
run_tls bastion-tls-$TAG --user 10001:10001 -e MANAGEMENT_ADDRESS=0.0.0.0 -p "127.0.0.1:$MANAGEMENT_PORT:8081"
if ms=$(wait_for_livez "$HTTPS" --cacert "$CACERT"); then
	pass "first start (empty volume, migrations): /livez 200 over HTTPS after ${ms} ms"
else
	"${P[@]}" logs bastion-tls-$TAG 2>&1 | tail -n 40 >&2
	die "the TLS container did not answer /livez"
fi
check "the image's HEALTHCHECK passes (podman healthcheck run)" \
	"${P[@]}" healthcheck run bastion-tls-$TAG
health=$("${P[@]}" inspect bastion-tls-$TAG | jq -r '.[0].State.Health.Log[-1].Output // .[0].State.Healthcheck.Log[-1].Output' 2>/dev/null || true)
check "the HEALTHCHECK spoke HTTPS to /livez ($health)" grep -q 'GET /livez: 200' <<<"$health"
cpu=$("${P[@]}" exec bastion-tls-$TAG bash -c 'TIMEFORMAT="%R s wall, %U+%S s CPU"; time java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx32m -XX:-UsePerfData -cp /app/bastion.jar dev.bastion.health.LivenessCheck' 2>&1 | tr '\n' ' ')
log "one HEALTHCHECK run over HTTPS: $cpu"
metrics=$("${CURL[@]}" --cacert "$CACERT" "https://localhost:$MANAGEMENT_PORT/actuator/prometheus" | grep -c '^jvm_memory_used_bytes' || true)
check "MANAGEMENT_ADDRESS=0.0.0.0: a scraper reaches the metrics through the published port" test "$metrics" -gt 0
redirect=$("${CURL[@]}" -o /dev/null -w '%{http_code} %{redirect_url}' "http://localhost:$HTTP_PORT/api/v1/health?x=1" || true)
check "plain HTTP redirects to https://localhost/ ($redirect)" test "$redirect" = "301 https://localhost/api/v1/health?x=1"
hsts=$("${CURL[@]}" --cacert "$CACERT" -D - -o /dev/null "$HTTPS/api/v1/health" | tr -d '\r' |
	sed -n 's/^strict-transport-security: //Ip' || true)
check "HSTS over HTTPS ($hsts)" test "$hsts" = "max-age=31536000; includeSubDomains"

# The first administrator, as the README's quick start says: the one-time setup code from
# the log, POSTed (the web UI's "Set up Bastion" screen does the same) with the account.
ADMIN_PASSWORD='quartz-lantern-meadow-58'
# The line follows the server's start closely; /livez may answer a moment before it.
SETUP_CODE=""
for _ in $(seq 1 150); do
	SETUP_CODE=$("${P[@]}" logs bastion-tls-$TAG 2>&1 | grep -o 'Bastion setup code: [0-9A-Z-]*' | tail -n 1 | cut -d' ' -f4 || true)
	[[ -n $SETUP_CODE ]] && break
	sleep 0.2
done
setup_line=$("${P[@]}" logs bastion-tls-$TAG 2>&1 | grep '^{' | jq -c 'select(.message? // "" | startswith("Bastion setup code: "))' | tail -n 1 || true)
check "the log holds the setup code at WARN" jq -e '.log.level == "WARN"' <<<"${setup_line:-null}"
open=$(json --cacert "$CACERT" "$HTTPS/api/v1/setup" | jq -r '.open // empty' 2>/dev/null || true)
check "GET /api/v1/setup: setup is open on a fresh volume" test "$open" = true
code=$(json --cacert "$CACERT" -o "$WORK/setup.json" -w '%{http_code}' \
	-d "{\"setup_code\":\"$SETUP_CODE\",\"username\":\"root\",\"email\":\"root@example.org\",\"password\":\"$ADMIN_PASSWORD\"}" \
	"$HTTPS/api/v1/setup" || true)
check "POST /api/v1/setup with the logged code makes the first administrator: 201 ($code)" \
	jq -e '.role == "ADMIN"' "$WORK/setup.json"
code=$(json --cacert "$CACERT" -o /dev/null -w '%{http_code}' "$HTTPS/api/v1/setup" || true)
check "then setup is closed: 404 ($code)" test "$code" = 404
admin=$(json --cacert "$CACERT" -d "{\"username\":\"root\",\"password\":\"$ADMIN_PASSWORD\"}" "$HTTPS/api/v1/auth/login" |
	jq -r '.access_token // empty' || true)
check "the administrator logs in over HTTPS" test -n "$admin"
reply=$(json --cacert "$CACERT" -H "Authorization: Bearer $admin" -d '{"message":"hello from the container test"}' \
	"$HTTPS/api/v1/chat" | jq -r '.provider + ": " + .reply' 2>/dev/null || true)
check "the administrator chats with the offline provider (${reply:0:60}...)" grep -q '^offline: I am Bastion' <<<"$reply"

# A sign-up waits for the administrator's approval (REGISTRATION=approval in production).
USER_JSON='{"username":"alice","email":"alice@example.org","password":"violet-anchor-tundra-71"}'
LOGIN_JSON='{"username":"alice","password":"violet-anchor-tundra-71"}'
code=$(json --cacert "$CACERT" -o "$WORK/register.json" -w '%{http_code}' -d "$USER_JSON" "$HTTPS/api/v1/auth/register" || true)
check "register over HTTPS: 201 ($code), pending approval" jq -e '.pending == true' "$WORK/register.json"
problem=$(json --cacert "$CACERT" -d "$LOGIN_JSON" "$HTTPS/api/v1/auth/login" | jq -r '.code // empty' || true)
check "a pending account cannot log in ($problem)" test "$problem" = ACCOUNT_PENDING
alice_id=$(json --cacert "$CACERT" -H "Authorization: Bearer $admin" "$HTTPS/api/v1/admin/users?status=pending" |
	jq -r '.users[] | select(.username == "alice") | .id' || true)
code=$(json --cacert "$CACERT" -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $admin" \
	"$HTTPS/api/v1/admin/users/$alice_id/approve" || true)
check "the administrator finds alice among the pending accounts and approves her: 204 ($code)" test "$code" = 204
token=$(json --cacert "$CACERT" -d "$LOGIN_JSON" "$HTTPS/api/v1/auth/login" | jq -r '.access_token // empty' || true)
check "alice logs in over HTTPS once approved" test -n "$token"
reply=$(json --cacert "$CACERT" -H "Authorization: Bearer $token" -d '{"message":"hello from the container test"}' \
	"$HTTPS/api/v1/chat" | jq -r '.provider + ": " + .reply' 2>/dev/null || true)
check "chat with the offline provider (${reply:0:60}...)" grep -q '^offline: I am Bastion' <<<"$reply"
stream=$(json --cacert "$CACERT" -N -H 'Accept: text/event-stream' -H "Authorization: Bearer $token" \
	-d '{"message":"stream please"}' "$HTTPS/api/v1/chat")
check "chat streams server-sent events" grep -q '^event:' <<<"$stream"

uid=$("${P[@]}" exec bastion-tls-$TAG sed -n 's/^Uid:[[:space:]]*//p' /proc/1/status)
check "PID 1 runs as uid 10001, not root (Uid: $uid)" test "$(awk '{print $1 $2 $3 $4}' <<<"$uid")" = 10001100011000110001
top=$("${P[@]}" top bastion-tls-$TAG huser args 2>/dev/null | awk 'NR == 2 {print $1}')
check "podman top sees the host user 10001 ($top)" test "$top" = 10001
check "the root filesystem is read-only (touch /app/x fails)" \
	bash -c "! ${P[*]} exec bastion-tls-$TAG touch /app/x 2>/dev/null"
check "the root filesystem is read-only (touch /etc/x fails)" \
	bash -c "! ${P[*]} exec bastion-tls-$TAG touch /etc/x 2>/dev/null"
written=$("${P[@]}" exec bastion-tls-$TAG sh -c 'ls -A /data; ls -A /tmp' | tr '\n' ' ')
log "written at run time: $written"
check "H2 database in /data" "${P[@]}" exec bastion-tls-$TAG test -f /data/bastion.mv.db
diff_out=$("${P[@]}" diff bastion-tls-$TAG)
check "podman diff: nothing written outside /data and /tmp${diff_out:+ (got: $diff_out)}" test -z "$diff_out"
logs=$("${P[@]}" logs bastion-tls-$TAG 2>&1)
check "SERVER_ADDRESS=0.0.0.0 is explained at INFO, not warned about" \
	jq -se 'map(select(.message? // "" | test("SERVER_ADDRESS=0.0.0.0 binds every interface of this container"))) |
		length == 1 and .[0].log.level == "INFO"' <<<"$(grep '^{' <<<"$logs")"
check "MANAGEMENT_ADDRESS=0.0.0.0 is explained at INFO in the container" \
	jq -se 'map(select(.message? // "" | test("MANAGEMENT_ADDRESS=0.0.0.0 serves health probes"))) |
		length == 1 and .[0].log.level == "INFO"' <<<"$(grep '^{' <<<"$logs")"
check "no WARN about listening everywhere" bash -c "! grep -q 'reachable on every network interface' <<<\"\$1\"" _ "$logs"
check "no ERROR in the log" bash -c "! jq -e 'select(.log.level? == \"ERROR\")' <<<\"\$1\" >/dev/null" _ "$(grep '^{' <<<"$logs")"

"${P[@]}" stop -t 30 bastion-tls-$TAG >/dev/null 2>&1
exit_code=$("${P[@]}" inspect --format '{{.State.ExitCode}}' bastion-tls-$TAG)
logs=$("${P[@]}" logs bastion-tls-$TAG 2>&1)
check "SIGTERM stops it gracefully (exit $exit_code)" \
	bash -c '[[ $1 == 143 || $1 == 0 ]] && grep -q "Graceful shutdown complete" <<<"$2"' _ "$exit_code" "$logs"

# --- 2. the admin command line and doctor inside the image (service stopped: H2) -------------
run_once() {
	"${P[@]}" run --rm -i --label "bastion.test=$TAG" "${LIMITS[@]}" --read-only --tmpfs /tmp \
		-v "$VOLUME:/data" -v "$SECRETS:/etc/bastion:ro" -e SECRET_KEY_FILE=/etc/bastion/secret-key \
		-e TLS_CERT_FILE=/etc/bastion/tls/fullchain.pem -e TLS_KEY_FILE=/etc/bastion/tls/privkey.pem \
		-e SERVER_PORT=443 -e HTTP_PORT=80 -e PUBLIC_URL=https://localhost "$IMAGE" "$@" 2>/dev/null
}
created=$(printf '%s\n%s\n' "$ADMIN_PASSWORD" "$ADMIN_PASSWORD" | run_once admin create-admin ops ops@example.org) &&
	pass "admin create-admin in the image (a second administrator)" || fail "admin create-admin in the image: $created"
doctor_status=0
doctor=$(run_once doctor </dev/null) || doctor_status=$?
printf '%s\n' "$doctor" | sed 's/^/[container]   doctor: /' >&2
check "doctor runs in the image and finds production ready (exit $doctor_status)" test "$doctor_status" = 0
check "doctor: production mode, built-in TLS, the container's address explained" \
	bash -c 'grep -q "^PASS  mode: production" <<<"$1" && grep -q "^PASS  HTTPS: built-in TLS" <<<"$1" &&
		grep -q "^PASS  SERVER_ADDRESS: 0.0.0.0: every interface of the container" <<<"$1"' _ "$doctor"

# --- 3. behind a reverse proxy, on the same volume: the data survived -------------------------
GATEWAY=$("${P[@]}" network inspect podman | jq -r '.[0].subnets[0].gateway')
run_proxied() { # the reverse-proxy quick start (the proxy on the host, Bastion on its loopback)
	"${P[@]}" run -d --name "$1" --label "bastion.test=$TAG" "${LIMITS[@]}" \
		--read-only --tmpfs /tmp -v "$VOLUME:/data" \
		-p "127.0.0.1:$PROXY_PORT:8080" \
		-v "$SECRETS/secret-key:/run/secrets/secret-key:ro" -e SECRET_KEY_FILE=/run/secrets/secret-key \
		-e TRUSTED_PROXIES="$GATEWAY" -e PUBLIC_URL=https://localhost \
		"${@:2}" "$IMAGE" >/dev/null 2>>"$WORK/podman.log"
}
PROXIED=http://127.0.0.1:$PROXY_PORT
FORWARDED=(-H 'X-Forwarded-Proto: https' -H 'X-Forwarded-For: 203.0.113.7')
log "quick start behind a reverse proxy (TRUSTED_PROXIES=$GATEWAY, the bridge's gateway)"
aot_on=()
aot_off=()
measure() { # measure NAME [podman options]: one start on the existing volume, in ms
	local ms
	run_proxied "$@"
	ms=$(wait_for_livez "$PROXIED") || {
		"${P[@]}" logs "$1" 2>&1 | tail -n 30 >&2
		die "$1 did not answer /livez"
	}
	printf '%s' "$ms"
}
for i in $(seq 1 "$STARTS"); do
	aot_on+=("$(measure bastion-aot-$i-$TAG)")
	if ((i == 1)); then
		code=$(json "${FORWARDED[@]}" -o "$WORK/login.json" -w '%{http_code}' -d "$LOGIN_JSON" "$PROXIED/api/v1/auth/login" || true)
		check "restart on the same volume keeps the data: alice logs in through the proxy ($code)" test "$code" = 200
		token=$(jq -r '.access_token // empty' "$WORK/login.json" 2>/dev/null || true)
		reply=$(json "${FORWARDED[@]}" -H "Authorization: Bearer $token" -d '{"message":"hi again"}' "$PROXIED/api/v1/chat" |
			jq -r '.provider // empty' 2>/dev/null || true)
		check "chat through the proxy path" test "$reply" = offline
		code=$("${CURL[@]}" -o /dev/null -w '%{http_code}' "$PROXIED/api/v1/health" || true)
		check "without X-Forwarded-Proto: https, plain HTTP is redirected ($code)" test "$code" = 301
		check "the HEALTHCHECK passes over plain HTTP too" "${P[@]}" healthcheck run bastion-aot-$i-$TAG
	fi
	"${P[@]}" rm -f -t 30 bastion-aot-$i-$TAG >/dev/null 2>&1
	aot_off+=("$(measure bastion-noaot-$i-$TAG -e JAVA_TOOL_OPTIONS=-XX:AOTMode=off)")
	"${P[@]}" rm -f -t 30 bastion-noaot-$i-$TAG >/dev/null 2>&1
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }
AOT_MS=$(median "${aot_on[@]}")
NOAOT_MS=$(median "${aot_off[@]}")
log "start-up to the first /livez 200 (restart, existing data, load $(cut -d' ' -f1 /proc/loadavg)):" \
	"AOT cache ${aot_on[*]} ms (median $AOT_MS), without ${aot_off[*]} ms (median $NOAOT_MS)"

# --- 4. compose.yaml's environment against real PostgreSQL and Redis --------------------------
IMAGE=$IMAGE TAG=$TAG bash "$SCRIPT_DIR/compose.sh" && pass "compose.sh" || fail "compose.sh"

log "image $IMAGE: $SIZE_MB MB; start-up with AOT cache $AOT_MS ms, without $NOAOT_MS ms"
printf '%d passed, %d failed\n' "$PASSES" "$FAILURES"
((FAILURES == 0))
