#!/usr/bin/env bash
# Scale-out benchmark (issue 4): the admitted path with Redis-backed state (address and user
# buckets in Redis, revocation checks from copies Redis keeps current) against in-process
# state, same machine, same run, for an authenticated GET /api/v1/users/me.
# Target: Redis-backed >= 60 % of in-process.
# Two traffic shapes: 32 users from 32 addresses (typical), and one user from one address
# (every request on the same two buckets: the worst case for compare-and-swap).
#
#   bench/redis.sh [path/to/bastion.jar]     (needs redis-server: apt-get install redis-server)
set -euo pipefail
source "$(dirname "$0")/common.sh"

REDIS_PORT=$(free_port)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no >"$WORK/redis.log" 2>&1 &
PIDS+=($!)
# Limits high enough to admit everything: this measures the admitted path.
export RATE_LIMIT_DEFAULT=100000000/1h RATE_LIMIT_LOGIN=100000000/1m RATE_LIMIT_REGISTER=100000000/1m \
	TRUSTED_PROXIES=127.0.0.1
USERS=${USERS:-32}
# The JIT needs about 40 s of this load on 2 cores before throughput settles (more code
# is warm on the Redis path: Lettuce, Netty, Bucket4j); a shorter warm-up understates it.
WARMUP=${WARMUP:-45s}
ROUNDS=${ROUNDS:-3}

LOCAL=$(start_bastion local)
SHARED=$(start_bastion shared REDIS_URL="redis://127.0.0.1:$REDIS_PORT")

# many PORT NAME: a wrk script cycling through USERS users, each from its own address.
many() {
	{
		echo "tokens = {"
		for _ in $(seq 1 "$USERS"); do echo "\"$(new_token "$1")\","; done
		echo "}"
		cat <<'LUA'
counter = 0
request = function()
	counter = counter + 1
	local i = (counter % #tokens) + 1
	return wrk.format("GET", "/api/v1/users/me",
		{ ["Authorization"] = "Bearer " .. tokens[i], ["X-Forwarded-For"] = "10.9.0." .. i }, nil)
end
LUA
	} >"$WORK/$2.lua"
}
many "$LOCAL" local-many
many "$SHARED" shared-many
LT=$(new_token "$LOCAL")
ST=$(new_token "$SHARED")

spread() { wrk -t2 -c"$CONNECTIONS" -d"$2" -s "$WORK/$3.lua" "http://127.0.0.1:$1"; }
hot() { wrk -t2 -c"$CONNECTIONS" -d"$2" -H "Authorization: Bearer $3" "http://127.0.0.1:$1/api/v1/users/me"; }
spread "$LOCAL" "$WARMUP" local-many >/dev/null
spread "$SHARED" "$WARMUP" shared-many >/dev/null
hot "$LOCAL" 5s "$LT" >/dev/null
hot "$SHARED" 5s "$ST" >/dev/null
# Rounds alternate between the two servers, so that a slow spell of a shared machine
# falls on both; each shape's ratio is the median of the rounds' ratios.
median() { python3 -c "import statistics, sys; print(round(statistics.median(map(float, sys.argv[1:])), 3))" "$@"; }
ratio() { python3 -c "print(round($1 / $2, 3))"; }
MANY=() ONE=()
for round in $(seq 1 "$ROUNDS"); do
	LM=$(spread "$LOCAL" "$DURATION" local-many | rps)
	SM=$(spread "$SHARED" "$DURATION" shared-many | rps)
	LH=$(hot "$LOCAL" "$DURATION" "$LT" | rps)
	SH=$(hot "$SHARED" "$DURATION" "$ST" | rps)
	MANY+=("$(ratio "$SM" "$LM")") ONE+=("$(ratio "$SH" "$LH")")
	echo "round $round: $USERS users $SM / $LM req/s = ${MANY[-1]}; one user $SH / $LH req/s = ${ONE[-1]}"
done
# What Redis adds to one request when nothing else is running: the round trip itself.
single() { wrk -t1 -c1 -d10s --latency -H "Authorization: Bearer $2" "http://127.0.0.1:$1/api/v1/users/me" | p50; }
echo "one request at a time, p50 latency: Redis $(single "$SHARED" "$ST"), in-process $(single "$LOCAL" "$LT")"
RM=$(median "${MANY[@]}")
RH=$(median "${ONE[@]}")
echo "$USERS users, $USERS addresses : Redis / in-process, median of $ROUNDS rounds: $RM"
echo "one user, one address    : Redis / in-process, median of $ROUNDS rounds: $RH"
echo "required: >= 0.60 for the typical shape"
check "$RM" 0.60
