#!/usr/bin/env bash
# Rate-limit benchmark (issue 4), on loopback, load from wrk in a second process.
#
#   bench/ratelimit.sh [path/to/bastion.jar]      (build first: ./mvnw package -DskipTests)
#
# Refusing must be cheap: the throughput of requests refused with 429 (GET /api/v1/health
# over its 60/min limit, so nearly every request is refused) must be at least 90 % of a
# bare public endpoint of the same server in the same run (GET /livez, not limited).
# Needs: wrk, curl, python3, a JDK 25.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${1:-$ROOT/target/bastion.jar}
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-32}
MIN_RATIO=${MIN_RATIO:-0.90}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PORT=$(free_port)
WORK=$(mktemp -d)
trap 'kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT

SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))') DATA_DIR="$WORK" \
	SERVER_PORT=$PORT MANAGEMENT_PORT=$(free_port) "$JAVA" -jar "$JAR" >"$WORK/bastion.log" 2>&1 &
PID=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 90); do
	curl -sf "$BASE/livez" >/dev/null && break
	sleep 1
done

rps() { awk '/Requests\/sec/ {print $2}'; }
wrk -t2 -c"$CONNECTIONS" -d5s "$BASE/livez" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d5s "$BASE/api/v1/health" >/dev/null
BARE=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$BASE/livez")
REFUSED=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$BASE/api/v1/health")
B=$(echo "$BARE" | rps)
R=$(echo "$REFUSED" | rps)
NON2XX=$(echo "$REFUSED" | awk '/Non-2xx/ {print $NF}')
TOTAL=$(echo "$REFUSED" | awk '/requests in/ {print $1}')
RATIO=$(python3 -c "print(round($R / $B, 3))")
echo "bare /livez        : $B req/s"
echo "refused (429) path : $R req/s  ($NON2XX of $TOTAL refused)"
echo "ratio              : $RATIO  (required >= $MIN_RATIO)"
python3 -c "import sys; sys.exit(0 if $RATIO >= $MIN_RATIO else 1)" || { echo "FAIL"; exit 1; }
echo "PASS"
