#!/usr/bin/env bash
# Accounts and tokens benchmark (issue 3), on loopback, load from wrk in a second process.
#
#   bench/auth.sh [path/to/bastion.jar]      (build first: ./mvnw package -DskipTests)
#
# 1. An authenticated GET /api/v1/users/me (token verification + revocation checks +
#    one account read) against the public GET /api/v1/health of the same server, same
#    run: the ratio must be at least 0.70.
# 2. Login throughput (argon2id at the configured cost), reported per core.
# Needs: wrk (apt-get install wrk), curl, python3, a JDK 25.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${1:-$ROOT/target/bastion.jar}
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-32}
MIN_RATIO=${MIN_RATIO:-0.70}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PORT=$(free_port)
MGMT=$(free_port)
WORK=$(mktemp -d)
trap 'kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT

# Limits out of the way: this measures token verification, not the limiter.
export RATE_LIMIT_DEFAULT=100000000/1h RATE_LIMIT_HEALTH=100000000/1m RATE_LIMIT_LOGIN=100000000/1m \
	BAN_AFTER_FAILED_LOGINS=100000000
SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))') DATA_DIR="$WORK" \
	SERVER_PORT=$PORT MANAGEMENT_PORT=$MGMT "$JAVA" -jar "$JAR" >"$WORK/bastion.log" 2>&1 &
PID=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 90); do
	curl -sf "$BASE/api/v1/health" >/dev/null && break
	sleep 1
done

USER="bench-$RANDOM"
PASSWORD="violet-anchor-tundra-71"
curl -sf -H 'Content-Type: application/json' -d "{\"username\":\"$USER\",\"email\":\"$USER@example.org\",\"password\":\"$PASSWORD\"}" \
	"$BASE/api/v1/auth/register" >/dev/null
LOGIN_BODY="{\"username\":\"$USER\",\"password\":\"$PASSWORD\"}"
TOKEN=$(curl -sf -H 'Content-Type: application/json' -d "$LOGIN_BODY" "$BASE/api/v1/auth/login" \
	| python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')

rps() { awk '/Requests\/sec/ {print $2}'; }
p99() { awk '/ 99%/ {print $2}'; }

echo "warming up..."
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
FAILED=$(echo "$LOGIN" | awk '/Non-2xx/ {print $NF}')

H=$(echo "$HEALTH" | rps)
M=$(echo "$ME" | rps)
L=$(echo "$LOGIN" | rps)
CORES=$(nproc)
RATIO=$(python3 -c "print(round($M / $H, 3))")
echo
echo "health          : $H req/s  (p99 $(echo "$HEALTH" | p99))"
echo "users/me (JWT)  : $M req/s  (p99 $(echo "$ME" | p99))"
echo "ratio           : $RATIO  (required >= $MIN_RATIO)"
echo "login (argon2id): $L req/s on $CORES cores = $(python3 -c "print(round($L / $CORES, 1))") per core  (p99 $(echo "$LOGIN" | p99), non-2xx: ${FAILED:-0})"
python3 -c "import sys; sys.exit(0 if $RATIO >= $MIN_RATIO else 1)" || { echo "FAIL: ratio below $MIN_RATIO"; exit 1; }
echo "PASS"
