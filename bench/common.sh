# Shared by the benchmark scripts: settings, a free port, starting a Bastion jar, and
# reading wrk's output. Source it after `set -euo pipefail`.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR=${1:-$ROOT/target/bastion.jar}
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-32}
# The JVM options the container image starts Bastion with (Containerfile, ENTRYPOINT and
# the AOT training run; docs give them for the jar): keep the three equal.
SERVICE_JAVA_OPTIONS="-XX:+UseSerialGC -Xmx192m -Xss512k -XX:ReservedCodeCacheSize=64m -XX:SweeperThreshold=50 -XX:MetaspaceSize=128m -XX:MaxMetaspaceSize=192m"
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

# start_jar NAME JAR [VAR=value ...]: starts a Spring Boot jar in the background with
# SERVER_PORT on a free port and the variables given (JAVA_TOOL_OPTIONS=... passes JVM
# options); its log goes to $WORK/NAME.log, its process id to $WORK/NAME.pid; prints the port.
start_jar() {
	local name=$1 jar=$2; shift 2
	local port; port=$(free_port)
	mkdir -p "$WORK/$name"
	env SERVER_PORT="$port" "$@" "$JAVA" -jar "$jar" >"$WORK/$name.log" 2>&1 &
	echo $! >>"$WORK/pids"
	echo $! >"$WORK/$name.pid"
	echo "$port"
}

# await NAME PORT PATH [STATUS]: waits up to START_TIMEOUT seconds (180) until PATH answers
# with a status matching the regular expression STATUS (^2: a success); on failure prints
# the end of the server's log and returns 1.
await() {
	local deadline=$((SECONDS + ${START_TIMEOUT:-180}))
	until [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$2$3" || true)" =~ ${4:-^2} ]]; do
		if [ "$SECONDS" -ge "$deadline" ] || ! kill -0 "$(pid_of "$1")" 2>/dev/null; then
			echo "$1 did not start; the end of its log:" >&2
			tail -20 "$WORK/$1.log" >&2
			return 1
		fi
		sleep 0.2
	done
}

pid_of() { cat "$WORK/$1.pid"; }

# stop NAME: stops a server started by start_jar or start_bastion and waits until it is gone.
stop() {
	local pid; pid=$(pid_of "$1")
	kill "$pid" 2>/dev/null || true
	for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
	kill -9 "$pid" 2>/dev/null || true
}

# cpu_ticks PID: the user + system CPU time of all the process's threads, in clock ticks
# (fields 14 and 15 of /proc/PID/stat, counted after the command name in parentheses).
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
CLOCK_TICKS=$(getconf CLK_TCK)

# rss_mib PID: the resident set size of the process (VmRSS), in MiB.
rss_mib() { awk '/^VmRSS:/ {printf "%.0f\n", $2 / 1024}' "/proc/$1/status"; }

# start_bastion NAME [VAR=value ...]: starts the jar with its own data directory, waits
# until /livez answers; prints its port.
start_bastion() {
	local name=$1; shift
	local port; port=$(start_jar "$name" "$JAR" SECRET_KEY="$SECRET" DATA_DIR="$WORK/$name" \
		MANAGEMENT_PORT="$(free_port)" "$@")
	await "$name" "$port" /livez
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

# build_reference: builds bench/reference when a jar is missing or older than its sources;
# sets BARE_JAR and SECURED_JAR.
REFERENCE=$ROOT/bench/reference
BARE_JAR=$REFERENCE/bare/target/reference-bare.jar
SECURED_JAR=$REFERENCE/security/target/reference-security.jar
build_reference() {
	if [ ! -f "$BARE_JAR" ] || [ ! -f "$SECURED_JAR" ] ||
		[ -n "$(find "$REFERENCE" -path '*/target' -prune -o -type f -newer "$BARE_JAR" -print -quit)" ]; then
		echo "building bench/reference ..."
		(cd "$ROOT" && ./mvnw -B -ntp -q -f bench/reference/pom.xml package)
		touch "$BARE_JAR" "$SECURED_JAR" # Maven leaves a jar whose module did not change as it was
	fi
}

# flood BASE RATE SECONDS [MODE]: bench/Flood.java at the lowest CPU priority (nice 19). The
# generator shares the server's cores here, and an attacker pays for his sending on his own
# machine: at nice 19 it takes only the CPU the server leaves. It prints the rate it reached
# ("offered N req/s"); flood_kept_up FILE RATE checks that it still sent at least 95 % of RATE.
flood() { nice -n 19 "$JAVA" "$ROOT/bench/Flood.java" "$@"; }
flood_kept_up() {
	local offered; offered=$(awk '/^offered/ {print $2}' "$1")
	[[ $offered =~ ^[0-9]+$ ]] || { echo "FAIL: no rate from the generator: $(cat "$1")"; return 1; }
	python3 -c "import sys; sys.exit(0 if $offered >= 0.95 * $2 else 1)" ||
		{ echo "FAIL: the generator fell behind ($offered of $2 requests a second)"; return 1; }
}

# login_verdict NAME LOAD: prints the flood's answers ($WORK/NAME.txt) and the returning
# user's login p99 idle ($IDLE) and under the LOAD ($BUSY, wrk outputs); fails when the
# generator fell behind, a legitimate login failed, or the p99 more than doubled.
login_verdict() {
	local name=$1 load=$2 idle busy ratio
	ms() { python3 -c "import sys; v=sys.argv[1]; print(float(v[:-2]) / 1000 if v.endswith('us') else float(v[:-2]) if v.endswith('ms') else float(v[:-1]) * 1000)" "$1"; }
	answered() { echo "$1" | awk '/requests in/ {print $1}'; }
	failed() { echo "$1" | awk '/Non-2xx/ {n += $NF} /Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}'; }
	idle=$(ms "$(echo "$IDLE" | p99)")
	busy=$(ms "$(echo "$BUSY" | p99)")
	printf '%-18s: %s\n' "$name" "$(cat "$WORK/$name.txt")"
	echo "legit login p99   : idle $idle ms, $load $busy ms"
	echo "legit logins      : idle $(answered "$IDLE") answered, $(failed "$IDLE") failed or timed out; $load $(answered "$BUSY") answered, $(failed "$BUSY") failed or timed out"
	ratio=$(python3 -c "print(round($busy / $idle, 2))")
	echo "ratio             : $ratio  (required <= 2)"
	flood_kept_up "$WORK/$name.txt" "${RATE:-1000}"
	[ "$(failed "$IDLE")" = 0 ] && [ "$(failed "$BUSY")" = 0 ] && [ "$(answered "$BUSY")" -gt 0 ] || { echo "FAIL: a legitimate login failed or timed out"; return 1; }
	if python3 -c "import sys; sys.exit(0 if $ratio <= 2 else 1)"; then echo "PASS"; else echo "FAIL: above 2"; return 1; fi
}

rps() { awk '/Requests\/sec/ {print $2}'; }
p99() { awk '/ 99%/ {print $2}'; }
p50() { awk '/ 50%/ {print $2}'; }

# check RATIO MINIMUM: prints PASS or FAIL and sets the exit status.
check() {
	if python3 -c "import sys; sys.exit(0 if $1 >= $2 else 1)"; then echo "PASS"; else echo "FAIL: below $2"; return 1; fi
}

# returning_user BASE: the user new_token made last logs in once from a trusted address to
# get a device token; writes $WORK/legit.lua (that login, with the device token, for wrk)
# and sets USER and DEVICE. legit DURATION then measures that login at one connection.
returning_user() {
	USER=$(cat "$WORK/last-user")
	DEVICE=$(curl -sf -H 'Content-Type: application/json' -H 'X-Forwarded-For: 198.51.100.1' \
		-d "{\"username\":\"$USER\",\"password\":\"violet-anchor-tundra-71\"}" "$1/api/v1/auth/login" \
		| python3 -c 'import json,sys; print(json.load(sys.stdin)["device_token"])')
	cat >"$WORK/legit.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Forwarded-For"] = "198.51.100.1"
wrk.body = '{"username":"$USER","password":"violet-anchor-tundra-71","device_token":"$DEVICE"}'
local shown = false
response = function(status, headers, body)
	if status ~= 200 and not shown then
		shown = true
		io.stderr:write("legit login answered " .. status .. ": " .. body .. "\n")
	end
end
LUA
}
legit() { wrk -t1 -c1 -d"$1" --timeout 10s --latency -s "$WORK/legit.lua" "$BASE/api/v1/auth/login"; }
