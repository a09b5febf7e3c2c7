# Shared by the benchmark scripts: settings, a free port, starting a Bastion jar, and
# reading wrk's output. Source it after `set -euo pipefail`.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR=${1:-$ROOT/target/bastion.jar}
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-32}
WORK=$(mktemp -d)
PIDS=()
SECRET=$(python3 -c 'import secrets; print(secrets.token_hex(32))')

cleanup() {
	# start_bastion runs in a command substitution, so its processes are listed in a file.
	for pid in "${PIDS[@]}" $(cat "$WORK/pids" 2>/dev/null); do kill "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start NAME [VAR=value ...]: starts the jar with its own data directory; prints its port.
start_bastion() {
	local name=$1; shift
	local port; port=$(free_port)
	mkdir -p "$WORK/$name"
	env SECRET_KEY="$SECRET" DATA_DIR="$WORK/$name" SERVER_PORT="$port" MANAGEMENT_PORT="$(free_port)" "$@" \
		"$JAVA" -jar "$JAR" >"$WORK/$name.log" 2>&1 &
	echo $! >>"$WORK/pids"
	for _ in $(seq 1 90); do curl -sf "http://127.0.0.1:$port/livez" >/dev/null && break; sleep 1; done
	echo "$port"
}

# setup_admin NAME PORT USERNAME: makes the first administrator of instance NAME with the
# setup code it printed in its log, as a new operator does (until then the web UI opens on
# its "Set up Bastion" screen).
setup_admin() {
	local code=""
	for _ in $(seq 1 100); do # the line follows the start closely; /livez may answer just before it
		code=$(grep -o 'Bastion setup code: [0-9A-Z-]*' "$WORK/$1.log" | tail -n 1 | cut -d' ' -f4 || true)
		[[ -n $code ]] && break
		sleep 0.1
	done
	curl -sf -H 'Content-Type: application/json' \
		-d "{\"setup_code\":\"$code\",\"username\":\"$3\",\"email\":\"$3@example.org\",\"password\":\"violet-anchor-tundra-71\"}" \
		"http://127.0.0.1:$2/api/v1/setup" >/dev/null
}

# new_token PORT: registers a user and prints an access token.
new_token() {
	local user="bench-$RANDOM$RANDOM"
	curl -sf -H 'Content-Type: application/json' \
		-d "{\"username\":\"$user\",\"email\":\"$user@example.org\",\"password\":\"violet-anchor-tundra-71\"}" \
		"http://127.0.0.1:$1/api/v1/auth/register" >/dev/null
	curl -sf -H 'Content-Type: application/json' -d "{\"username\":\"$user\",\"password\":\"violet-anchor-tundra-71\"}" \
		"http://127.0.0.1:$1/api/v1/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
	echo "$user" >"$WORK/last-user"
}

rps() { awk '/Requests\/sec/ {print $2}'; }
p99() { awk '/ 99%/ {print $2}'; }
p50() { awk '/ 50%/ {print $2}'; }

# check RATIO MINIMUM: prints PASS or FAIL and sets the exit status.
check() {
	if python3 -c "import sys; sys.exit(0 if $1 >= $2 else 1)"; then echo "PASS"; else echo "FAIL: below $2"; return 1; fi
}
