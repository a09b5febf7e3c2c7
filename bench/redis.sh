#!/usr/bin/env bash
# Scale-out benchmark (issue 4): the admitted path with Redis-backed state (address and user
# buckets, revocation lookup) against in-process state, same machine, same run, for an
# authenticated GET /api/v1/users/me. Target: Redis-backed >= 60 % of in-process.
#
#   bench/redis.sh [path/to/bastion.jar]     (needs redis-server: apt-get install redis-server)
set -euo pipefail
source "$(dirname "$0")/common.sh"

REDIS_PORT=$(free_port)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no >"$WORK/redis.log" 2>&1 &
PIDS+=($!)
# Limits high enough to admit everything: this measures the admitted path.
export RATE_LIMIT_DEFAULT=100000000/1h RATE_LIMIT_LOGIN=100000000/1m

LOCAL=$(start_bastion local)
SHARED=$(start_bastion shared REDIS_URL="redis://127.0.0.1:$REDIS_PORT")
LT=$(new_token "$LOCAL")
ST=$(new_token "$SHARED")
run() { wrk -t2 -c"$CONNECTIONS" -d"$2" -H "Authorization: Bearer $3" "http://127.0.0.1:$1/api/v1/users/me"; }
run "$LOCAL" 5s "$LT" >/dev/null
run "$SHARED" 5s "$ST" >/dev/null
L=$(run "$LOCAL" "$DURATION" "$LT" | rps)
S=$(run "$SHARED" "$DURATION" "$ST" | rps)
RATIO=$(python3 -c "print(round($S / $L, 3))")
echo "in-process state : $L req/s"
echo "Redis state      : $S req/s"
echo "ratio            : $RATIO  (required >= 0.60)"
check "$RATIO" 0.60
