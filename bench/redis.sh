#!/usr/bin/env bash
# Scale-out benchmark (issue 4): the admitted path with Redis-backed state (rate-limit
# bucket + revocation check per request) against the in-process state, same machine,
# same run. Target: Redis-backed >= 60 % of in-process, for an authenticated GET
# /api/v1/users/me (address and user buckets, revocation lookup).
#
#   bench/redis.sh [path/to/bastion.jar]     (needs redis-server: apt-get install redis-server)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${1:-$ROOT/target/bastion.jar}
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-32}
MIN_RATIO=${MIN_RATIO:-0.60}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

REDIS_PORT=$(free_port)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no >"$WORK/redis.log" 2>&1 &
PIDS+=($!)

# Limits high enough to admit everything: this measures the admitted path.
export RATE_LIMIT_DEFAULT=100000000/1h RATE_LIMIT_HEALTH=100000000/1m RATE_LIMIT_LOGIN=100000000/1m
SECRET=$(python3 -c 'import secrets; print(secrets.token_hex(32))')

start() { # name, extra env...
	local name=$1; shift
	local port; port=$(free_port)
	mkdir -p "$WORK/$name"
	env SECRET_KEY="$SECRET" DATA_DIR="$WORK/$name" SERVER_PORT="$port" MANAGEMENT_PORT="$(free_port)" "$@" \
		"$JAVA" -jar "$JAR" >"$WORK/$name.log" 2>&1 &
	PIDS+=($!)
	for _ in $(seq 1 90); do curl -sf "http://127.0.0.1:$port/livez" >/dev/null && break; sleep 1; done
	echo "$port"
}

token() { # port
	local user="bench-$RANDOM"
	curl -sf -H 'Content-Type: application/json' \
		-d "{\"username\":\"$user\",\"email\":\"$user@example.org\",\"password\":\"violet-anchor-tundra-71\"}" \
		"http://127.0.0.1:$1/api/v1/auth/register" >/dev/null
	curl -sf -H 'Content-Type: application/json' -d "{\"username\":\"$user\",\"password\":\"violet-anchor-tundra-71\"}" \
		"http://127.0.0.1:$1/api/v1/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}

LOCAL=$(start local)
SHARED=$(start shared REDIS_URL="redis://127.0.0.1:$REDIS_PORT")
LT=$(token "$LOCAL")
ST=$(token "$SHARED")

rps() { awk '/Requests\/sec/ {print $2}'; }
run() { wrk -t2 -c"$CONNECTIONS" -d"$2" -H "Authorization: Bearer $3" "http://127.0.0.1:$1/api/v1/users/me"; }
run "$LOCAL" 5s "$LT" >/dev/null
run "$SHARED" 5s "$ST" >/dev/null
L=$(run "$LOCAL" "$DURATION" "$LT" | rps)
S=$(run "$SHARED" "$DURATION" "$ST" | rps)
RATIO=$(python3 -c "print(round($S / $L, 3))")
echo "in-process state : $L req/s"
echo "Redis state      : $S req/s"
echo "ratio            : $RATIO  (required >= $MIN_RATIO)"
python3 -c "import sys; sys.exit(0 if $RATIO >= $MIN_RATIO else 1)" || { echo "FAIL"; exit 1; }
echo "PASS"
