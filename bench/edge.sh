#!/usr/bin/env bash
# The cost of Bastion's edge (issue 18): req/s and server CPU per request of Bastion's
# cheapest endpoints against a bare Spring Boot app and against stock Spring Security + JWT
# (bench/reference, same Boot version), all in the same run, on loopback.
#
#   bench/edge.sh [path/to/bastion.jar]      (build first: ./mvnw package -DskipTests)
#
# All servers are started first and stay up (idle ones use next to no CPU). Each target
# gets WARMUPS (3) rounds of `wrk -t1 -c32 -d$ROUND` (10s; the Redis target gets
# REDIS_WARMUPS, twice as many: its path needs about 40 s of load before the JIT has
# compiled it), then the targets take turns for ROUNDS (3) timed rounds, so that a busy
# spell of a shared machine falls on all of them alike. Around each timed round the server's CPU time (utime + stime of all its
# threads, /proc/PID/stat) is read. Reported per target: the medians of its timed rounds'
# req/s, server CPU µs per request and p99, its server's RSS at the end, the share of
# non-2xx answers and the socket errors; then the ratios of issue 18, PASS or FAIL.
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
# PROFILE=1 records each timed round with JFR (JVMs started with stack depth 256;
# settings=profile with a CPU sample every PROFILE_PERIOD, 2ms) into PROFILE_DIR
# (target/bench-profiles/<date-time>) and prints a summary of each target's rounds
# (bench/JfrSummary.java, PROFILE_ROWS rows per view); figures taken while recording are
# not comparable with a run without it.
# ONLY="bare secured bastion limited redis" (the default) picks the servers to run; the
# ratios of the servers left out are skipped.
# Needs: wrk, curl, python3, a JDK 25, redis-server.
set -euo pipefail
source "$(dirname "$0")/common.sh"

ROUND=${ROUND:-10s}
WARMUPS=${WARMUPS:-3}
# The Redis path needs about 40 s of load before the JIT has compiled it (bench/redis.sh).
REDIS_WARMUPS=${REDIS_WARMUPS:-$((WARMUPS * 2))}
ROUNDS=${ROUNDS:-3}
PIN=${PIN:-0}
PROFILE=${PROFILE:-0}
PROFILE_DIR=${PROFILE_DIR:-$ROOT/target/bench-profiles/$(date +%Y%m%d-%H%M%S)}
JCMD=$(dirname "$JAVA")/jcmd
RAISED=(RATE_LIMIT_DEFAULT=100000000/1h RATE_LIMIT_HEALTH=100000000/1m)
JVM=()
JFR_OPTIONS=""
if [ "$PROFILE" = 1 ]; then
	mkdir -p "$PROFILE_DIR"
	JFR_OPTIONS=-XX:FlightRecorderOptions:stackdepth=256
	JVM=(JAVA_TOOL_OPTIONS="$JFR_OPTIONS")
fi
# Bastion runs with the options its image ships (BASTION_JAVA_OPTIONS= for the JVM's own
# defaults); the reference apps with the JVM's defaults.
BASTION_JVM=(JAVA_TOOL_OPTIONS="$JFR_OPTIONS ${BASTION_JAVA_OPTIONS-$SERVICE_JAVA_OPTIONS}")
WRK=(wrk)
[ "$PIN" = 1 ] && WRK=(taskset -c "$(($(nproc) - 1))" wrk)

[ -f "$JAR" ] || { echo "no $JAR: build it first (./mvnw -B -ntp -q package -DskipTests)"; exit 1; }
build_reference

# round URL [wrk options]: one wrk round; prints "req/s requests non-2xx p99-ms socket-errors".
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

# runs SERVER: whether ONLY (all by default) names the server.
runs() { [[ " ${ONLY:-bare secured bastion limited redis} " == *" $1 "* ]]; }

# target SERVER WARMUPS LABEL URL [wrk options]: registers a target of the server SERVER.
TARGETS=()
target() {
	local i=${#TARGETS[@]}
	TARGETS+=("$3")
	echo "$1" >"$WORK/target-$i.server"
	echo "$2" >"$WORK/target-$i.warmups"
	printf '%s\n' "${@:4}" >"$WORK/target-$i.args"
}
target_args() { mapfile -t ARGS <"$WORK/target-$1.args"; }

echo "rounds: $WARMUPS warm-up + $ROUNDS timed of $ROUND, wrk -t1 -c$CONNECTIONS$([ "$PIN" = 1 ] &&
	echo ", wrk pinned to CPU $(($(nproc) - 1))"); $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"

if runs bare; then
	PORT=$(start_jar bare "$BARE_JAR" "${JVM[@]}")
	await bare "$PORT" /api/health
	target bare "$WARMUPS" "bare Spring Boot, GET /api/health" "http://127.0.0.1:$PORT/api/health"
fi
if runs secured; then
	PORT=$(start_jar secured "$SECURED_JAR" REFERENCE_TOKEN_FILE="$WORK/reference.token" "${JVM[@]}")
	await secured "$PORT" /api/me '^[1-5]'
	until [ -s "$WORK/reference.token" ]; do sleep 0.2; done
	target secured "$WARMUPS" "stock Spring Security + JWT, GET /api/me" "http://127.0.0.1:$PORT/api/me" \
		-H "Authorization: Bearer $(cat "$WORK/reference.token")"
fi
if runs bastion; then
	PORT=$(start_bastion bastion "${RAISED[@]}" "${BASTION_JVM[@]}")
	TOKEN=$(new_token "$PORT")
	target bastion "$WARMUPS" "Bastion GET /api/v1/health" "http://127.0.0.1:$PORT/api/v1/health"
	target bastion "$WARMUPS" "Bastion GET /livez" "http://127.0.0.1:$PORT/livez"
	target bastion "$WARMUPS" "Bastion GET /api/v1/users/me (ES256 JWT)" "http://127.0.0.1:$PORT/api/v1/users/me" \
		-H "Authorization: Bearer $TOKEN"
fi
if runs limited; then
	PORT=$(start_bastion limited "${BASTION_JVM[@]}")
	target limited "$WARMUPS" "Bastion 429 refusal (GET /api/v1/health over its limit)" "http://127.0.0.1:$PORT/api/v1/health"
fi
if runs redis; then
	REDIS_PORT=$(free_port)
	redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no >"$WORK/redis.log" 2>&1 &
	PIDS+=($!)
	PORT=$(start_bastion redis REDIS_URL="redis://127.0.0.1:$REDIS_PORT" "${RAISED[@]}" "${BASTION_JVM[@]}")
	TOKEN=$(new_token "$PORT")
	target redis "$REDIS_WARMUPS" "Bastion /users/me with Redis" "http://127.0.0.1:$PORT/api/v1/users/me" \
		-H "Authorization: Bearer $TOKEN"
fi

for i in "${!TARGETS[@]}"; do
	target_args "$i"
	for _ in $(seq 1 "$(cat "$WORK/target-$i.warmups")"); do round "${ARGS[@]}" >/dev/null; done
done
# The targets take turns round by round, so that a busy spell of a shared machine falls on
# all of them alike and the ratios compare rounds taken close together.
for r in $(seq 1 "$ROUNDS"); do
	for i in "${!TARGETS[@]}"; do
		target_args "$i"
		pid=$(pid_of "$(cat "$WORK/target-$i.server")")
		if [ "$PROFILE" = 1 ]; then
			"$JCMD" "$pid" JFR.start name="t$i" settings=profile "jdk.ExecutionSample#period=${PROFILE_PERIOD:-2ms}" >/dev/null
		fi
		before=$(cpu_ticks "$pid")
		read -r rps requests non2xx p99 failed < <(round "${ARGS[@]}")
		after=$(cpu_ticks "$pid")
		if [ "$PROFILE" = 1 ]; then
			"$JCMD" "$pid" JFR.stop name="t$i" filename="$PROFILE_DIR/$(echo "${TARGETS[$i]}" | tr -c 'A-Za-z0-9\n' '-')-$r.jfr" >/dev/null
		fi
		echo "$rps $requests $non2xx $p99 $failed $((after - before))" >>"$WORK/target-$i.rounds"
		echo "  round $r, ${TARGETS[$i]}: $rps req/s," \
			"$(python3 -c "print(round(($after - $before) * 1e6 / $CLOCK_TICKS / $requests))") µs CPU/request," \
			"p99 $p99 ms, non-2xx $non2xx of $requests"
	done
done
# Per target: "LABEL|req/s|CPU µs/request|p99 ms|RSS MiB|non-2xx share|socket errors", the
# medians of its timed rounds and its server's RSS at the end.
for i in "${!TARGETS[@]}"; do
	python3 - "${TARGETS[$i]}" "$(rss_mib "$(pid_of "$(cat "$WORK/target-$i.server")")")" "$CLOCK_TICKS" \
		"$WORK/target-$i.rounds" >>"$WORK/results" <<'PY'
import statistics, sys
label, rss, ticks, rounds = sys.argv[1:]
rows = [line.split() for line in open(rounds)]
median = statistics.median
rps = median(float(r[0]) for r in rows)
cpu = median(int(r[5]) * 1e6 / int(ticks) / int(r[1]) for r in rows)
p99 = median(float(r[3]) for r in rows)
share = sum(int(r[2]) for r in rows) / sum(int(r[1]) for r in rows)
print(f"{label}|{rps:.0f}|{cpu:.0f}|{p99}|{rss}|{share:.1%}|{sum(int(r[4]) for r in rows)}")
PY
done

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
	for i in "${!TARGETS[@]}"; do
		echo
		echo "## ${TARGETS[$i]}"
		"$JAVA" "$ROOT/bench/JfrSummary.java" --rows "${PROFILE_ROWS:-15}" \
			"$PROFILE_DIR/$(echo "${TARGETS[$i]}" | tr -c 'A-Za-z0-9\n' '-')"-*.jfr
	done
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
