#!/usr/bin/env bash
# Starts the Bastion jar (development mode, on free ports, own data directory), creates a
# user and an API key, and runs check.mjs with the official `openai` npm client.
#   scripts/openai-client/run.sh [path/to/bastion.jar]
set -euo pipefail
DIR=$(cd "$(dirname "$0")" && pwd)
JAR=${1:-$DIR/../../target/bastion.jar}
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
WORK=$(mktemp -d)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PORT=$(free_port)
DATA_DIR="$WORK" SERVER_PORT=$PORT MANAGEMENT_PORT=$(free_port) "$JAVA" -jar "$JAR" >"$WORK/bastion.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
(cd "$DIR" && [ -d node_modules/openai ] || npm ci --ignore-scripts --no-audit --no-fund >/dev/null)
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 90); do curl -sf "$BASE/livez" >/dev/null && break; sleep 1; done
curl -sf -H 'Content-Type: application/json' \
	-d '{"username":"sdk-check","email":"sdk-check@example.org","password":"violet-anchor-tundra-71"}' \
	"$BASE/api/v1/auth/register" >/dev/null
TOKEN=$(curl -sf -H 'Content-Type: application/json' -d '{"username":"sdk-check","password":"violet-anchor-tundra-71"}' \
	"$BASE/api/v1/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
KEY=$(curl -sf -H 'Content-Type: application/json' -H "Authorization: Bearer $TOKEN" \
	-d '{"name":"sdk","current_password":"violet-anchor-tundra-71"}' \
	"$BASE/api/v1/users/me/api-keys" | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')
node "$DIR/check.mjs" "$BASE" "$KEY"
