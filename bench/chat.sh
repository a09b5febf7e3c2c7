#!/usr/bin/env bash
# Assistant latency benchmark (issue 5), on loopback, load from a second process.
#
#   bench/chat.sh [path/to/bastion.jar]      (build first: ./mvnw package -DskipTests)
#
# A local OpenAI-compatible provider that answers at once (bench/ProviderStub.java) is
# called directly and through Bastion in the same run:
# 1. Added latency of a chat request: p50 and p99 of POST /api/v1/chat (JSON, cache off)
#    minus those of calling the stub directly. Target: p99 added < 5 ms.
# 2. Added time to first byte of a streamed reply (Accept: text/event-stream) over the
#    stub's own time to first byte.
# 3. Throughput of cached replies against the public GET /api/v1/health of the same
#    server: the ratio must be at least 0.50.
# Limits and the budget are raised out of the way: this measures the assistant path.
# Needs: wrk (apt-get install wrk), curl, python3, a JDK 25. COUNT= sets the number of
# sequential requests (2000); BASTION_JAVA_OPTIONS= passes JVM options to the jar.
set -euo pipefail
source "$(dirname "$0")/common.sh"
COUNT=${COUNT:-2000}

STUB_PORT=$(free_port)
"$JAVA" "$ROOT/bench/ProviderStub.java" "$STUB_PORT" >"$WORK/stub.log" 2>&1 &
PIDS+=($!)
export RATE_LIMIT_DEFAULT=100000000/1h RATE_LIMIT_HEALTH=100000000/1m RATE_LIMIT_CHAT=100000000/1m \
	CHAT_DAILY_TOKEN_BUDGET=1000000000000 OPENAI_API_KEY=sk-bench OPENAI_BASE_URL="http://127.0.0.1:$STUB_PORT/v1" \
	PROVIDER_ORDER=openai
PORT=$(start_bastion chat ${BASTION_JAVA_OPTIONS:+JAVA_TOOL_OPTIONS="$BASTION_JAVA_OPTIONS"})
BASE="http://127.0.0.1:$PORT"
TOKEN=$(new_token "$PORT")
AUTH="Authorization: Bearer $TOKEN"
DIRECT='{"model":"stub","stream":true,"messages":[{"role":"user","content":"hello"}]}'
FRESH='{"message":"hello","cache":false}'
CACHED='{"message":"hello, again"}'

latency() { python3 "$ROOT/bench/latency.py" "$@"; }
# Warm up both paths (JIT, connection pools), then measure.
latency "$STUB_PORT" /v1/chat/completions "$DIRECT" 3000 >/dev/null
latency "$PORT" /api/v1/chat "$FRESH" 3000 "$AUTH" >/dev/null
read -r D50 D99 < <(latency "$STUB_PORT" /v1/chat/completions "$DIRECT" "$COUNT")
read -r B50 B99 < <(latency "$PORT" /api/v1/chat "$FRESH" "$COUNT" "$AUTH")
read -r DT50 DT99 < <(latency "$STUB_PORT" /v1/chat/completions "$DIRECT" "$COUNT" ttfb)
read -r BT50 BT99 < <(latency "$PORT" /api/v1/chat "$FRESH" "$COUNT" ttfb "$AUTH" "Accept: text/event-stream")

curl -sf -H "$AUTH" -H 'Content-Type: application/json' -d "$CACHED" "$BASE/api/v1/chat" >/dev/null
cat >"$WORK/cached.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $TOKEN"
wrk.body = '$CACHED'
LUA
wrk -t2 -c"$CONNECTIONS" -d5s "$BASE/api/v1/health" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d5s -s "$WORK/cached.lua" "$BASE/api/v1/chat" >/dev/null
HEALTH=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$BASE/api/v1/health")
HITS=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$WORK/cached.lua" "$BASE/api/v1/chat")
H=$(echo "$HEALTH" | rps)
C=$(echo "$HITS" | rps)
RATIO=$(python3 -c "print(round($C / $H, 3))")
CACHE=$(curl -sf "$BASE/api/v1/health" | python3 -c 'import json,sys; print(json.load(sys.stdin)["cache"])')

added() { python3 -c "print(f'{$1 - $2:.2f}')"; }
echo "chat, direct to stub : p50 $D50 ms, p99 $D99 ms"
echo "chat, via Bastion    : p50 $B50 ms, p99 $B99 ms"
echo "added latency        : p50 $(added "$B50" "$D50") ms, p99 $(added "$B99" "$D99") ms  (target p99 < 5 ms)"
echo "stream TTFB, direct  : p50 $DT50 ms, p99 $DT99 ms"
echo "stream TTFB, Bastion : p50 $BT50 ms, p99 $BT99 ms  (added p50 $(added "$BT50" "$DT50") ms, p99 $(added "$BT99" "$DT99") ms)"
echo "health               : $H req/s  (p99 $(echo "$HEALTH" | p99))"
echo "cached chat replies  : $C req/s  (p99 $(echo "$HITS" | p99), non-2xx: $(echo "$HITS" | awk '/Non-2xx/ {print $NF}'))"
echo "ratio                : $RATIO  (required >= 0.50); cache $CACHE"
STATUS=0
python3 -c "import sys; sys.exit(0 if $B99 - $D99 < 5 else 1)" && echo "added p99: PASS" || { echo "added p99: FAIL"; STATUS=1; }
check "$RATIO" 0.50 || STATUS=1
exit $STATUS
