#!/usr/bin/env bash
# Start-up time and resident memory (issue 18): Bastion and the bare reference app
# (bench/reference), each launched three ways:
#   fat       java -jar app.jar (what spring-boot:run and a plain deployment do)
#   extracted java -jar DIR/app.jar after `java -Djarmode=tools -jar app.jar extract`
#   aot       the extracted jar with a JDK 25 AOT cache, trained as Spring Boot's reference
#             documentation says (packaging/aot-cache): `java -XX:AOTCacheOutput=app.aot
#             -Dspring.context.exit=onRefresh -jar app.jar` in the extracted directory, then
#             run with -XX:AOTCache=app.aot (and -XX:AOTMode=on, so that a cache the JVM
#             cannot use fails the run instead of being measured as one).
#
#   bench/startup.sh [path/to/bastion.jar]      (build first: ./mvnw package -DskipTests)
#
# Each way: one throwaway start (it creates Bastion's data directory: every timed start
# finds it there), then STARTS (5) timed starts, each from just before the process is
# launched to the first 200 from /livez (Bastion) or /api/health (reference), polled every
# 10 ms; the median is reported. The last start stays up for memory: VmRSS from
# /proc/PID/status 2 s after its first 200, then after a load round (LOAD_ROUNDS (3) x
# ROUND (10s) of `wrk -t1 -c32` on every target bench/edge.sh measures on that server:
# Bastion's /api/v1/health, /livez and /api/v1/users/me with an ES256 JWT, limits raised
# for health and default as in bench/edge.sh; the reference's /api/health).
# BASTION_JAVA_OPTIONS="..." passes JVM options to every start of Bastion (the training run
# included), to try heap or metaspace sizes. Targets: Bastion with the AOT cache < 3 s, fat
# jar <= 6 s, RSS after load <= 256 MiB whichever way it starts.
# Needs: wrk, curl, python3, a JDK 25.
set -euo pipefail
source "$(dirname "$0")/common.sh"

STARTS=${STARTS:-5}
ROUND=${ROUND:-10s}
LOAD_ROUNDS=${LOAD_ROUNDS:-3}
read -ra BASTION_OPTIONS <<<"${BASTION_JAVA_OPTIONS:-}"
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

# load NAME PORT KIND: the load round against the server.
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

# way KIND LABEL PATH JAVA_ARGS...: the throwaway start, the timed starts and the memory of
# the last; appends "KIND|LABEL|median|min|max|RSS after start|RSS after load" to results.
way() {
	local kind=$1 label=$2 path=$3; shift 3
	local times=() port start ms
	for i in $(seq 0 "$STARTS"); do
		port=$(free_port)
		start=$(date +%s%N)
		launch "$kind-$label" "$port" "$@"
		if ! ms=$(first_200 "$port" "$path" "$start"); then
			echo "$kind ($label) did not start; the end of its log:" >&2
			tail -20 "$WORK/$kind-$label.log" >&2
			exit 1
		fi
		if [ "$i" -gt 0 ]; then
			times+=("$ms")
			echo "  $kind, $label: start $i: $ms ms" >&2
		fi
		if [ "$i" -lt "$STARTS" ]; then stop "$kind-$label"; fi
	done
	local pid; pid=$(pid_of "$kind-$label")
	sleep 2
	local started; started=$(rss_mib "$pid")
	load "$kind-$label" "$port" "$kind"
	local loaded; loaded=$(rss_mib "$pid")
	stop "$kind-$label"
	python3 -c 'import statistics, sys; t = list(map(int, sys.argv[4:])); print(f"{sys.argv[1]}|{sys.argv[2]}|{statistics.median(t):.0f}|{min(t)}|{max(t)}|{sys.argv[3]}")' \
		"$kind" "$label" "$started|$loaded" "${times[@]}" >>"$WORK/results"
}

# aot_cache KIND EXTRACTED_JAR JAVA_OPTIONS...: the training run; prints the cache's path.
aot_cache() {
	local kind=$1 jar=$2; shift 2
	local began=$SECONDS
	(cd "$(dirname "$jar")" && SERVER_PORT=$(free_port) "$JAVA" "$@" -XX:AOTCacheOutput=app.aot \
		-Dspring.context.exit=onRefresh -jar "$(basename "$jar")") >"$WORK/$kind-training.log" 2>&1 ||
		{ echo "the training run of $kind failed:" >&2; tail -20 "$WORK/$kind-training.log" >&2; exit 1; }
	echo "  $kind: AOT cache trained in $((SECONDS - began)) s, $(du -m "$(dirname "$jar")/app.aot" | cut -f1) MiB" >&2
	echo "$(dirname "$jar")/app.aot"
}

echo "$STARTS timed starts per way after a throwaway one; $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
BASTION_EXTRACTED=$(extract bastion "$JAR")
BARE_EXTRACTED=$(extract bare "$BARE_JAR")
way bare fat /api/health -jar "$BARE_JAR"
way bare extracted /api/health -jar "$BARE_EXTRACTED"
BARE_AOT=$(aot_cache bare "$BARE_EXTRACTED")
way bare aot /api/health -XX:AOTMode=on -XX:AOTCache="$BARE_AOT" -jar "$BARE_EXTRACTED"
way bastion fat /livez "${BASTION_OPTIONS[@]}" -jar "$JAR"
way bastion extracted /livez "${BASTION_OPTIONS[@]}" -jar "$BASTION_EXTRACTED"
BASTION_AOT=$(aot_cache bastion "$BASTION_EXTRACTED" "${BASTION_OPTIONS[@]}")
way bastion aot /livez "${BASTION_OPTIONS[@]}" -XX:AOTMode=on -XX:AOTCache="$BASTION_AOT" -jar "$BASTION_EXTRACTED"

echo
echo "| app | way | start to first 200, median ms | min–max ms | RSS after start MiB | RSS after load MiB |"
echo "|---|---|---:|---:|---:|---:|"
while IFS='|' read -r kind label median low high started loaded; do
	echo "| $kind | $label | $median | $low–$high | $started | $loaded |"
done <"$WORK/results"

echo
STATUS=0
field() { awk -F'|' -v kind="$1" -v label="$2" -v column="$3" '$1 == kind && $2 == label {print $column}' "$WORK/results"; }
# at_most NAME VALUE UNIT LIMIT: PASS when VALUE <= LIMIT.
at_most() {
	printf '%-40s %6s %-3s (required <= %s)  ' "$1" "$2" "$3" "$4"
	if [ "$2" -le "$4" ]; then echo PASS; else echo "FAIL: above $4"; STATUS=1; fi
}
at_most "Bastion start with the AOT cache" "$(field bastion aot 3)" ms 2999
at_most "Bastion start from the fat jar" "$(field bastion fat 3)" ms 6000
for label in fat extracted aot; do
	at_most "Bastion RSS after load ($label)" "$(field bastion "$label" 7)" MiB 256
done
exit $STATUS
