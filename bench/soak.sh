#!/usr/bin/env bash
# Soak (issue 18): MINUTES (30) of mixed open-loop traffic against one Bastion, sampling
# its RSS, CPU time and each stream's p99 every minute into a CSV (bench/Soak.java):
# chat through an OpenAI-format stub (bench/ProviderStub.java), logins of a returning user
# (with a device token), users/me, health and livez, and an abuser whose /api/v1/health
# requests get the intended 429s.
#
#   bench/soak.sh [path/to/bastion.jar]      (build first: ./mvnw package -DskipTests)
#   MINUTES=2 bench/soak.sh                  (a smoke test: too short for a trend)
#
# Verdict: no growth trend (the least-squares slope of RSS over the second half of the
# samples below MAX_SLOPE, 1 MiB/min, that is 15 MiB over the second half of 30 minutes),
# no answer but the intended (200, and 429 for the abuser only; a timeout counts as an
# error), some 429s, and no ERROR line in Bastion's log. The p99 trends are printed for
# information. Each stream comes from its own address (TRUSTED_PROXIES=127.0.0.1 and
# X-Forwarded-For, as behind a proxy); the limits of chat, login and default are raised for
# them, the health limit stays at its default (60/min) for the abuser to run into, and
# every other setting is Bastion's default, and the JVM runs with the container image's
# options (SERVICE_JAVA_OPTIONS: a 192 MiB heap; BASTION_JAVA_OPTIONS= replaces them), so
# that RSS shows a leak rather than a heap the JVM chose to grow. SCALE (1, about 56 req/s) multiplies the
# rates, STEP (60) is the sampling interval in seconds, CSV (target/bench/soak.csv) where
# the samples go.
# Needs: curl, python3, a JDK 25.
set -euo pipefail
source "$(dirname "$0")/common.sh"

MINUTES=${MINUTES:-30}
STEP=${STEP:-60}
SCALE=${SCALE:-1}
MAX_SLOPE=${MAX_SLOPE:-1.0}
CSV=${CSV:-$ROOT/target/bench/soak.csv}
[ -f "$JAR" ] || { echo "no $JAR: build it first (./mvnw -B -ntp -q package -DskipTests)"; exit 1; }

STUB_PORT=$(free_port)
"$JAVA" "$ROOT/bench/ProviderStub.java" "$STUB_PORT" >"$WORK/stub.log" 2>&1 &
PIDS+=($!)
PORT=$(start_bastion soak JAVA_TOOL_OPTIONS="${BASTION_JAVA_OPTIONS-$SERVICE_JAVA_OPTIONS}" TRUSTED_PROXIES=127.0.0.1 RATE_LIMIT_DEFAULT=100000000/1h \
	RATE_LIMIT_CHAT=100000000/1m RATE_LIMIT_LOGIN=100000000/1m CHAT_DAILY_TOKEN_BUDGET=1000000000000 \
	OPENAI_API_KEY=sk-bench OPENAI_BASE_URL="http://127.0.0.1:$STUB_PORT/v1" PROVIDER_ORDER=openai)
new_token "$PORT" >/dev/null
echo "$MINUTES samples every $STEP s, scale $SCALE; $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
STATUS=0
"$JAVA" "$ROOT/bench/Soak.java" "http://127.0.0.1:$PORT" "$(cat "$WORK/last-user")" violet-anchor-tundra-71 \
	"$(pid_of soak)" "$MINUTES" "$STEP" "$SCALE" "$MAX_SLOPE" "$CSV" || STATUS=1
ERRORS=$(grep -c ' ERROR ' "$WORK/soak.log" || true)
echo "ERROR lines in Bastion's log: $ERRORS$([ "$ERRORS" = 0 ] && echo ': PASS' || echo ': FAIL')"
if [ "$ERRORS" != 0 ]; then
	grep ' ERROR ' "$WORK/soak.log" | head -5
	STATUS=1
fi
echo "WARN lines in Bastion's log: $(grep -c ' WARN ' "$WORK/soak.log" || true); samples in $CSV"
exit $STATUS
