#!/usr/bin/env bash
# Memory of stored conversations (issue 18): COUNT (10,000) conversations, each one turn of
# a 400-character message and the stub's reply, made through POST /api/v1/chat by USERS
# (1) accounts, with the container image's JVM options (SERVICE_JAVA_OPTIONS). For each
# history mode, `off` (conversations in memory, bounded by CHAT_MEMORY_MAX_CHARS) and
# `encrypted` (in the embedded H2 database), it prints the resident set size and the
# heap in use after a full GC, before and after the conversations, and the database file.
#
#   bench/conversations.sh [path/to/bastion.jar]      (build first: ./mvnw package -DskipTests)
#
# MODES= picks the history modes ("off encrypted"). Needs: curl, python3, a JDK 25 (jcmd).
set -euo pipefail
source "$(dirname "$0")/common.sh"
COUNT=${COUNT:-10000}
USERS=${USERS:-1}
JCMD=$(dirname "$JAVA")/jcmd

STUB_PORT=$(free_port)
"$JAVA" "$ROOT/bench/ProviderStub.java" "$STUB_PORT" >"$WORK/stub.log" 2>&1 &
PIDS+=($!)
export RATE_LIMIT_DEFAULT=100000000/1h RATE_LIMIT_CHAT=100000000/1m RATE_LIMIT_REGISTER=100000000/1h \
	RATE_LIMIT_LOGIN=100000000/1m CHAT_DAILY_TOKEN_BUDGET=1000000000000 OPENAI_API_KEY=sk-bench \
	OPENAI_BASE_URL="http://127.0.0.1:$STUB_PORT/v1" PROVIDER_ORDER=openai
MESSAGE=$(python3 -c "print(('A question about the weather in Lisbon and what to pack for a week there. ' * 6)[:400])")

# heap_mib PID: the heap in use after a full GC, in MiB.
heap_mib() {
	"$JCMD" "$1" GC.run >/dev/null
	"$JCMD" "$1" GC.heap_info | python3 -c "
import re, sys
text = sys.stdin.read()
# the generations' lines (DefNew, Tenured; G1's heap line), not their spaces or metaspace
used = re.findall(r'^(?:DefNew|Tenured|\s*garbage-first heap)\s+total \d+K, used (\d+)K', text, re.M)
print(round(sum(int(u) for u in used) / 1024))"
}

# conversations PORT: COUNT one-turn conversations, spread over USERS accounts.
conversations() {
	local tokens=() i
	for i in $(seq 1 "$USERS"); do tokens+=("$(new_token "$1")"); done
	python3 - "$1" "$COUNT" "$MESSAGE" "${tokens[@]}" <<'PY'
import http.client, json, sys
port, count, message, tokens = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4:]
connection = http.client.HTTPConnection("127.0.0.1", port)
body = json.dumps({"message": message, "cache": False})
for n in range(count):
    connection.request("POST", "/api/v1/chat", body=body, headers={
        "Content-Type": "application/json", "Authorization": "Bearer " + tokens[n % len(tokens)]})
    response = connection.getresponse()
    response.read()
    if response.status != 200:
        sys.exit(f"chat: HTTP {response.status}")
PY
}

for MODE in ${MODES:-off encrypted}; do
	PORT=$(start_bastion "$MODE" JAVA_TOOL_OPTIONS="$SERVICE_JAVA_OPTIONS" CHAT_HISTORY="$MODE" \
		CHAT_HISTORY_KEY="$(python3 -c 'import secrets; print(secrets.token_urlsafe(48))')")
	PID=$(pid_of "$MODE")
	new_token "$PORT" >/dev/null # the login path loaded once before the first figure
	R0=$(rss_mib "$PID"); H0=$(heap_mib "$PID")
	START=$SECONDS
	conversations "$PORT"
	ELAPSED=$((SECONDS - START))
	R1=$(rss_mib "$PID"); H1=$(heap_mib "$PID")
	DB=$(du -sm "$WORK/$MODE" | cut -f1)
	echo "history $MODE: $COUNT conversations in $ELAPSED s; RSS $R0 -> $R1 MiB; heap after GC $H0 -> $H1 MiB ($(python3 -c "print(round(($H1 - $H0) * 1024 * 1024 / $COUNT))") bytes a conversation); data directory $DB MiB"
	stop "$MODE"
done
