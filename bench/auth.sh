#!/usr/bin/env bash
# Accounts and tokens benchmark (issue 3), on loopback, load from wrk in a second process.
#
#   bench/auth.sh [path/to/bastion.jar]      (build first: ./mvnw package -DskipTests)
#
# 1. An authenticated GET /api/v1/users/me (token verification + revocation checks + one
#    account read) against the public GET /api/v1/health of the same server, same run:
#    the ratio must be at least 0.70.
# 2. Login throughput (argon2id at the configured cost), reported per core.
# Limits are raised out of the way: this measures tokens, not the limiter.
# Needs: wrk (apt-get install wrk), curl, python3, a JDK 25.
set -euo pipefail
source "$(dirname "$0")/common.sh"

export RATE_LIMIT_DEFAULT=100000000/1h RATE_LIMIT_HEALTH=100000000/1m RATE_LIMIT_LOGIN=100000000/1m \
	BAN_AFTER_FAILED_LOGINS=100000000
PORT=$(start_bastion auth)
BASE="http://127.0.0.1:$PORT"
TOKEN=$(new_token "$PORT")
LOGIN_BODY="{\"username\":\"$(cat "$WORK/last-user")\",\"password\":\"violet-anchor-tundra-71\"}"

wrk -t2 -c"$CONNECTIONS" -d5s "$BASE/api/v1/health" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d5s -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/users/me" >/dev/null
HEALTH=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$BASE/api/v1/health")
ME=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/users/me")
cat >"$WORK/login.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '$LOGIN_BODY'
LUA
LOGIN=$(wrk -t2 -c8 -d"$DURATION" --latency -s "$WORK/login.lua" "$BASE/api/v1/auth/login")

H=$(echo "$HEALTH" | rps)
M=$(echo "$ME" | rps)
L=$(echo "$LOGIN" | rps)
RATIO=$(python3 -c "print(round($M / $H, 3))")
echo "health          : $H req/s  (p99 $(echo "$HEALTH" | p99))"
echo "users/me (JWT)  : $M req/s  (p99 $(echo "$ME" | p99))"
echo "ratio           : $RATIO  (required >= 0.70)"
echo "login (argon2id): $L req/s on $(nproc) cores = $(python3 -c "print(round($L / $(nproc), 1))") per core  (p99 $(echo "$LOGIN" | p99), non-2xx: $(echo "$LOGIN" | awk '/Non-2xx/ {print $NF}'))"
check "$RATIO" 0.70
