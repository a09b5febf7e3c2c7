#!/usr/bin/env bash
# Start-up time and resident memory (issue 18): Bastion and the bare reference app
# (bench/reference), each launched three ways:
#   fat       java -jar app.jar (what spring-boot:run and a plain deployment do)
#   extracted java -jar DIR/app.jar after `java -Djarmode=tools -jar app.jar extract`
#   aot       the extracted jar with a JDK 25 AOT cache, trained as the Containerfile trains
#             the image's: `java -XX:AOTCacheOutput=app.aot -jar app.jar` in the extracted
#             directory, asked until its first 200, then stopped with SIGTERM (the JVM
#             writes the cache as it exits); then run with -XX:AOTCache=app.aot (and
#             -XX:AOTMode=on, so that a cache the JVM cannot use fails the run instead of
#             being measured as one).
#
#   bench/startup.sh [path/to/bastion.jar]      (build first: ./mvnw package -DskipTests)
#
# The AOT caches are trained first (Bastion's training run creates its data directory, so
# every measured start finds it there). Then a throwaway round and STARTS (5) timed rounds,
# in each of which every way starts once in turn (so that a busy spell of a shared machine
# falls on all ways alike): from just before the process is launched to the first 200 from
# /livez (Bastion) or /api/health (reference), polled every 10 ms; the median of each way
# is reported. Then one more start of each way for memory: VmRSS from /proc/PID/status 2 s
# after its first 200, and after a load round (LOAD_ROUNDS (3) x ROUND (10s) of
# `wrk -t1 -c32` on every target bench/edge.sh measures on that server: Bastion's
# /api/v1/health, /livez and /api/v1/users/me with an ES256 JWT, limits raised for health
# and default as in bench/edge.sh; the reference's /api/health).
# BASTION_JAVA_OPTIONS="..." passes JVM options to every start of Bastion (the training run
# included), to try heap or metaspace sizes. Targets: Bastion with the AOT cache < 3 s, fat
# jar <= 6 s, RSS after load <= 256 MiB whichever way it starts.
# Needs: wrk, curl, python3, a JDK 25.
set -euo pipefail
source "$(dirname "$0")/common.sh"

STARTS=${STARTS:-5}
ROUND=${ROUND:-10s}
LOAD_ROUNDS=${LOAD_ROUNDS:-3}
read -ra BASTION_OPTIONS <<<"${BASTION_JAVA_OPTIONS-$SERVICE_JAVA_OPTIONS}"
[ -f "$JAR" ] || { echo "no $JAR: build it first (./mvnw -B -ntp -q package -DskipTests)"; exit 1; }
build_reference
# Bastion's settings (the reference ignores them); one data directory for every start.
export SECRET_KEY="$SECRET" DATA_DIR="$WORK/data" MANAGEMENT_PORT=$(free_port) \
	RATE_LIMIT_DEFAULT=100000000/1h RATE_LIMIT_HEALTH=100000000/1m

# extract NAME JAR: the jar extracted into $WORK/NAME; prints the extracted jar's path.
extract() {
	"$JAVA" -Djarmode=tools -jar "$2" extract --destination "$WORK/$1" >/dev/null
	echo "$WORK/$1/$(basename "$2")"
}

# launch NAME PORT JAVA_ARGS...: starts java in the directory of the last argument's jar
# (as Spring Boot's documentation runs the extracted form), in the background.
launch() {
	local name=$1 port=$2; shift 2
	local jar=${*: -1}
	(cd "$(dirname "$jar")" && exec env SERVER_PORT="$port" "$JAVA" "$@") >"$WORK/$name.log" 2>&1 &
	echo $! >"$WORK/$name.pid"
	echo $! >>"$WORK/pids"
}

# first_200 PORT PATH START_NS: waits for the first 200 from PATH; prints the milliseconds
# since START_NS (a `date +%s%N` taken just before the launch).
first_200() {
	python3 - "$@" <<'PY'
import http.client, sys, time
port, path, start = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
deadline = start + 300 * 10**9
while time.time_ns() < deadline:
	try:
		connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
		connection.request("GET", path)
		response = connection.getresponse()
		response.read()
		if response.status == 200:
			print(round((time.time_ns() - start) / 1e6))
			sys.exit(0)
	except OSError:
		pass
	time.sleep(0.01)
sys.exit("no 200 from " + path + " within 300 s")
PY
}

# load NAME PORT KIND: the load round against the server (KIND bastion or bare).
load() {
	local base="http://127.0.0.1:$2"
	local token=
	[ "$3" = bastion ] && token=$(new_token "$2")
	for _ in $(seq 1 "$LOAD_ROUNDS"); do
		if [ "$3" = bastion ]; then
			wrk -t1 -c"$CONNECTIONS" -d"$ROUND" "$base/api/v1/health" >/dev/null
			wrk -t1 -c"$CONNECTIONS" -d"$ROUND" "$base/livez" >/dev/null
			wrk -t1 -c"$CONNECTIONS" -d"$ROUND" -H "Authorization: Bearer $token" "$base/api/v1/users/me" >/dev/null
		else
			wrk -t1 -c"$CONNECTIONS" -d"$ROUND" "$base/api/health" >/dev/null
		fi
	done
}

# aot_cache NAME EXTRACTED_JAR PATH JAVA_OPTIONS...: the training run, as the Containerfile
# trains the image's cache: the app started in full (web servers included), asked for PATH
# until its first 200, then stopped with SIGTERM, on which the JVM writes the cache; prints
# the cache's path. (Spring Boot's documented -Dspring.context.exit=onRefresh exits before
# the web servers start, which left Tomcat's start and the first request out of the cache.)
aot_cache() {
	local name=$1 jar=$2 path=$3; shift 3
	local began=$SECONDS port; port=$(free_port)
	(cd "$(dirname "$jar")" && exec env SERVER_PORT="$port" "$JAVA" "$@" -XX:AOTCacheOutput=app.aot \
		-jar "$(basename "$jar")") >"$WORK/$name-training.log" 2>&1 &
	local pid=$!
	echo "$pid" >>"$WORK/pids"
	first_200 "$port" "$path" "$(date +%s%N)" >/dev/null ||
		{ echo "the training run of $name failed:" >&2; tail -20 "$WORK/$name-training.log" >&2; exit 1; }
	kill -TERM "$pid"
	wait "$pid" || true
	[ -s "$(dirname "$jar")/app.aot" ] ||
		{ echo "the training run of $name wrote no cache:" >&2; tail -20 "$WORK/$name-training.log" >&2; exit 1; }
	echo "  $name: AOT cache trained in $((SECONDS - began)) s, $(du -m "$(dirname "$jar")/app.aot" | cut -f1) MiB" >&2
	echo "$(dirname "$jar")/app.aot"
}

WAYS=(bare-fat bare-extracted bare-aot bastion-fat bastion-extracted bastion-aot)

# start_way WAY: launches one way on a free port (in $WORK/WAY.port); waits for the first
# 200 and prints the milliseconds it took.
start_way() {
	local port; port=$(free_port)
	echo "$port" >"$WORK/$1.port"
	local start; start=$(date +%s%N)
	case $1 in
	bare-fat) launch "$1" "$port" -jar "$BARE_JAR" ;;
	bare-extracted) launch "$1" "$port" -jar "$BARE_EXTRACTED" ;;
	bare-aot) launch "$1" "$port" -XX:AOTMode=on -XX:AOTCache="$BARE_AOT" -jar "$BARE_EXTRACTED" ;;
	bastion-fat) launch "$1" "$port" "${BASTION_OPTIONS[@]}" -jar "$JAR" ;;
	bastion-extracted) launch "$1" "$port" "${BASTION_OPTIONS[@]}" -jar "$BASTION_EXTRACTED" ;;
	bastion-aot)
		launch "$1" "$port" "${BASTION_OPTIONS[@]}" -XX:AOTMode=on -XX:AOTCache="$BASTION_AOT" \
			-jar "$BASTION_EXTRACTED"
		;;
	esac
	local path=/livez
	[[ $1 == bare-* ]] && path=/api/health
	if ! first_200 "$port" "$path" "$start"; then
		echo "$1 did not start; the end of its log:" >&2
		tail -20 "$WORK/$1.log" >&2
		return 1
	fi
}

echo "$STARTS timed starts per way, the ways taking turns, after a throwaway round;" \
	"$(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
BASTION_EXTRACTED=$(extract bastion "$JAR")
BARE_EXTRACTED=$(extract bare "$BARE_JAR")
BARE_AOT=$(aot_cache bare "$BARE_EXTRACTED" /api/health)
BASTION_AOT=$(aot_cache bastion "$BASTION_EXTRACTED" /livez "${BASTION_OPTIONS[@]}")
# The ways take turns, so that a busy spell of the machine falls on all of them alike.
for round in $(seq 0 "$STARTS"); do
	line="  $([ "$round" = 0 ] && echo "throwaway" || echo "round $round"):"
	for way in "${WAYS[@]}"; do
		ms=$(start_way "$way")
		stop "$way"
		[ "$round" -gt 0 ] && echo "$ms" >>"$WORK/$way.times"
		line+=" $way $ms ms,"
	done
	echo "${line%,}"
done
for way in "${WAYS[@]}"; do
	start_way "$way" >/dev/null
	sleep 2
	started=$(rss_mib "$(pid_of "$way")")
	load "$way" "$(cat "$WORK/$way.port")" "${way%%-*}"
	loaded=$(rss_mib "$(pid_of "$way")")
	stop "$way"
	# "app|way|median|min|max|RSS after start|RSS after load"
	python3 - "${way%%-*}|${way#*-}" "$started|$loaded" "$WORK/$way.times" >>"$WORK/results" <<'PY'
import statistics, sys
times = [int(line) for line in open(sys.argv[3])]
print(f"{sys.argv[1]}|{statistics.median(times):.0f}|{min(times)}|{max(times)}|{sys.argv[2]}")
PY
done

echo
echo "| app | way | start to first 200, median ms | min–max ms | RSS after start MiB | RSS after load MiB |"
echo "|---|---|---:|---:|---:|---:|"
while IFS='|' read -r kind label median low high started loaded; do
	echo "| $kind | $label | $median | $low–$high | $started | $loaded |"
done <"$WORK/results"

echo
STATUS=0
field() { awk -F'|' -v kind="$1" -v label="$2" -v column="$3" '$1 == kind && $2 == label {print $column}' "$WORK/results"; }
# at_most NAME VALUE UNIT LIMIT [REQUIRED]: PASS when VALUE <= LIMIT.
at_most() {
	printf '%-40s %6s %-3s (required %s)  ' "$1" "$2" "$3" "${5:-<= $4}"
	if [ "$2" -le "$4" ]; then echo PASS; else echo FAIL; STATUS=1; fi
}
at_most "Bastion start with the AOT cache" "$(field bastion aot 3)" ms 2999 "< 3000"
at_most "Bastion start from the fat jar" "$(field bastion fat 3)" ms 6000
for label in fat extracted aot; do
	at_most "Bastion RSS after load ($label)" "$(field bastion "$label" 7)" MiB 256
done
exit $STATUS
