#!/usr/bin/env bash
# The cost of Bastion's edge (issue 18): req/s and server CPU per request of Bastion's
# cheapest endpoints against a bare Spring Boot app and against stock Spring Security + JWT
# (bench/reference, same Boot version), all in the same run, on loopback.
#
#   bench/edge.sh [path/to/bastion.jar]      (build first: ./mvnw package -DskipTests)
#
# Each target: WARMUPS (3) rounds of `wrk -t1 -c32`, then ROUNDS (3) timed rounds of ROUND
# (10s) each; the server's CPU time (utime + stime of every thread, /proc/PID/stat) is read
# before and after each timed round. Reported: the medians of the timed rounds' req/s,
# server CPU µs per request and p99, the server's RSS after its rounds, and the share of
# non-2xx answers. The servers run one at a time, each stopped before the next starts.
#
# Targets: reference GET /api/health; reference with security GET /api/me (ES256 JWT);
# Bastion GET /api/v1/health, GET /livez, GET /api/v1/users/me (ES256 JWT from a real
# login); a 429 refusal (a second Bastion at default settings, GET /api/v1/health far over
# its 60/min limit, as bench/ratelimit.sh does); /users/me with Redis (redis-server on a
# free loopback port). Bastion keeps every control on; only the limits of the classes a
# target hammers (health, default) are raised, and not for the 429 target.
#
# PIN=1 runs wrk on the last CPU (taskset) and leaves the servers free to use every CPU;
# the default is no pinning: on 2 cores wrk and the JVM share both, as a client and a
# server on one small host do. The CPU figure is the server's own, pinned or not.
# PROFILE=1 records each target's timed rounds with JFR (JVMs started with stack depth
# 256; settings=profile with a CPU sample every PROFILE_PERIOD, 2ms) into PROFILE_DIR
# (target/bench-profiles) and prints a summary of each (bench/JfrSummary.java,
# PROFILE_ROWS rows per view); figures taken while recording are not comparable.
# ONLY="bare secured bastion limited redis" (the default) picks the servers to run; the
# ratios of the servers left out are skipped.
# Needs: wrk, curl, python3, a JDK 25, redis-server.
set -euo pipefail
source "$(dirname "$0")/common.sh"

ROUND=${ROUND:-10s}
WARMUPS=${WARMUPS:-3}
ROUNDS=${ROUNDS:-3}
PIN=${PIN:-0}
PROFILE=${PROFILE:-0}
PROFILE_DIR=${PROFILE_DIR:-$ROOT/target/bench-profiles}
JCMD=$(dirname "$JAVA")/jcmd
RAISED=(RATE_LIMIT_DEFAULT=100000000/1h RATE_LIMIT_HEALTH=100000000/1m)
JVM=()
if [ "$PROFILE" = 1 ]; then
	mkdir -p "$PROFILE_DIR"
	JVM=(JAVA_TOOL_OPTIONS=-XX:FlightRecorderOptions:stackdepth=256)
fi
WRK=(wrk)
[ "$PIN" = 1 ] && WRK=(taskset -c "$(($(nproc) - 1))" wrk)

[ -f "$JAR" ] || { echo "no $JAR: build it first (./mvnw -B -ntp -q package -DskipTests)"; exit 1; }
build_reference

# round URL [wrk options]: one wrk round; prints "req/s requests non-2xx p99-ms".
round() {
	"${WRK[@]}" -t1 -c"$CONNECTIONS" -d"$ROUND" --latency "$@" | python3 -c '
import re, sys
out = sys.stdin.read()
rps = re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)
requests = re.search(r"(\d+) requests in", out).group(1)
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
scale = {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
failed = sum(map(int, errors.groups())) if errors else 0
print(rps, requests, int(non2xx.group(1)) if non2xx else 0, round(float(p99.group(1)) * scale, 2), failed)'
}

# measure NAME LABEL URL [wrk options]: warm-up and timed rounds against the server NAME;
# appends "LABEL|req/s|CPU µs/request|p99 ms|RSS MiB|non-2xx share|socket errors" to results.
measure() {
	local name=$1 label=$2; shift 2
	local pid; pid=$(pid_of "$name")
	for _ in $(seq 1 "$WARMUPS"); do round "$@" >/dev/null; done
	[ "$PROFILE" = 1 ] && "$JCMD" "$pid" JFR.start name=edge settings=profile "jdk.ExecutionSample#period=${PROFILE_PERIOD:-2ms}" >/dev/null
	local rows=()
	for _ in $(seq 1 "$ROUNDS"); do
		local before after rps requests non2xx p99 failed
		before=$(cpu_ticks "$pid")
		read -r rps requests non2xx p99 failed < <(round "$@")
		after=$(cpu_ticks "$pid")
		rows+=("$rps $requests $non2xx $p99 $failed $((after - before))")
		echo "  $label: $rps req/s, $(python3 -c "print(round(($after - $before) * 1e6 / $CLOCK_TICKS / $requests))") µs CPU/request, p99 $p99 ms, non-2xx $non2xx of $requests" >&2
	done
	if [ "$PROFILE" = 1 ]; then
		local file; file="$PROFILE_DIR/$(echo "$label" | tr -c 'A-Za-z0-9\n' '-').jfr"
		"$JCMD" "$pid" JFR.stop name=edge filename="$file" >/dev/null
		echo "$file" >>"$WORK/profiles"
	fi
	python3 - "$label" "$(rss_mib "$pid")" "$CLOCK_TICKS" "${rows[@]}" >>"$WORK/results" <<'PY'
import statistics, sys
label, rss, ticks, *rows = sys.argv[1:]
rows = [row.split() for row in rows]
median = lambda values: statistics.median(values)
rps = median(float(r[0]) for r in rows)
cpu = median(int(r[5]) * 1e6 / int(ticks) / int(r[1]) for r in rows)
p99 = median(float(r[3]) for r in rows)
share = sum(int(r[2]) for r in rows) / sum(int(r[1]) for r in rows)
print(f"{label}|{rps:.0f}|{cpu:.0f}|{p99}|{rss}|{share:.1%}|{sum(int(r[4]) for r in rows)}")
PY
}

echo "rounds: $WARMUPS warm-up + $ROUNDS timed of $ROUND, wrk -t1 -c$CONNECTIONS$([ "$PIN" = 1 ] && echo ", wrk pinned to CPU $(($(nproc) - 1))"); $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"

# runs SERVER: whether ONLY (all by default) names the server.
runs() { [[ " ${ONLY:-bare secured bastion limited redis} " == *" $1 "* ]]; }

if runs bare; then
	PORT=$(start_jar bare "$BARE_JAR" "${JVM[@]}")
	await bare "$PORT" /api/health
	measure bare "bare Spring Boot, GET /api/health" "http://127.0.0.1:$PORT/api/health"
	stop bare
fi

if runs secured; then
	PORT=$(start_jar secured "$SECURED_JAR" REFERENCE_TOKEN_FILE="$WORK/reference.token" "${JVM[@]}")
	await secured "$PORT" /api/me '^[1-5]'
	until [ -s "$WORK/reference.token" ]; do sleep 0.2; done
	measure secured "stock Spring Security + JWT, GET /api/me" "http://127.0.0.1:$PORT/api/me" \
		-H "Authorization: Bearer $(cat "$WORK/reference.token")"
	stop secured
fi

if runs bastion; then
	PORT=$(start_bastion bastion "${RAISED[@]}" "${JVM[@]}")
	TOKEN=$(new_token "$PORT")
	measure bastion "Bastion GET /api/v1/health" "http://127.0.0.1:$PORT/api/v1/health"
	measure bastion "Bastion GET /livez" "http://127.0.0.1:$PORT/livez"
	measure bastion "Bastion GET /api/v1/users/me (ES256 JWT)" "http://127.0.0.1:$PORT/api/v1/users/me" \
		-H "Authorization: Bearer $TOKEN"
	stop bastion
fi

if runs limited; then
	PORT=$(start_bastion limited "${JVM[@]}")
	measure limited "Bastion 429 refusal (GET /api/v1/health over its limit)" "http://127.0.0.1:$PORT/api/v1/health"
	stop limited
fi

if runs redis; then
	REDIS_PORT=$(free_port)
	redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no >"$WORK/redis.log" 2>&1 &
	REDIS_PID=$!
	PIDS+=("$REDIS_PID")
	PORT=$(start_bastion redis REDIS_URL="redis://127.0.0.1:$REDIS_PORT" "${RAISED[@]}" "${JVM[@]}")
	TOKEN=$(new_token "$PORT")
	measure redis "Bastion /users/me with Redis" "http://127.0.0.1:$PORT/api/v1/users/me" \
		-H "Authorization: Bearer $TOKEN"
	stop redis
	kill "$REDIS_PID"
fi

echo
python3 - "$WORK/results" <<'PY'
import sys
rows = [line.rstrip("\n").split("|") for line in open(sys.argv[1])]
print("| target | req/s | server CPU µs/request | p99 ms | RSS MiB after | non-2xx | socket errors |")
print("|---|---:|---:|---:|---:|---:|---:|")
for label, rps, cpu, p99, rss, share, errors in rows:
	print(f"| {label} | {int(rps):,} | {cpu} | {p99} | {rss} | {share} | {errors} |")
PY
if [ "$PROFILE" = 1 ]; then
	while read -r file; do
		echo
		"$JAVA" "$ROOT/bench/JfrSummary.java" "$file" "${PROFILE_ROWS:-15}"
	done <"$WORK/profiles"
fi

echo
STATUS=0
rps_of() { awk -F'|' -v label="$1" '$1 == label {print $2}' "$WORK/results"; }
BARE=$(rps_of "bare Spring Boot, GET /api/health")
SECURED=$(rps_of "stock Spring Security + JWT, GET /api/me")
ME=$(rps_of "Bastion GET /api/v1/users/me (ES256 JWT)")
# ratio NAME VALUE BASE MINIMUM (skipped when ONLY left out one of the two)
ratio() {
	[ -n "$2" ] && [ -n "$3" ] || return 0
	local value; value=$(python3 -c "print(f'{$2 / $3:.2f}')")
	printf '%-48s %5s  (required >= %s)  ' "$1" "$value" "$4"
	check "$value" "$4" || STATUS=1
}
ratio "Bastion /api/v1/health / bare" "$(rps_of "Bastion GET /api/v1/health")" "$BARE" 0.70
ratio "Bastion /livez / bare" "$(rps_of "Bastion GET /livez")" "$BARE" 0.70
ratio "Bastion /users/me / bare" "$ME" "$BARE" 0.50
ratio "Bastion 429 refusal / bare" "$(rps_of "Bastion 429 refusal (GET /api/v1/health over its limit)")" "$BARE" 0.90
ratio "Bastion /users/me with Redis / in-process" "$(rps_of "Bastion /users/me with Redis")" "$ME" 0.70
[ -n "$ME" ] && [ -n "$SECURED" ] &&
	echo "(for information: Bastion /users/me / stock Spring Security + JWT = $(python3 -c "print(round($ME / $SECURED, 2))"))"
exit $STATUS
