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
source "$(dirname "$0")/common.sh"

PORT=$(start_bastion limited)
BASE="http://127.0.0.1:$PORT"
wrk -t2 -c"$CONNECTIONS" -d5s "$BASE/livez" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d5s "$BASE/api/v1/health" >/dev/null
BARE=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" "$BASE/livez")
REFUSED=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" "$BASE/api/v1/health")
B=$(echo "$BARE" | rps)
R=$(echo "$REFUSED" | rps)
RATIO=$(python3 -c "print(round($R / $B, 3))")
echo "bare /livez        : $B req/s"
echo "refused (429) path : $R req/s  ($(echo "$REFUSED" | awk '/Non-2xx/ {print $NF}') of $(echo "$REFUSED" | awk '/requests in/ {print $1}') refused)"
echo "ratio              : $RATIO  (required >= 0.90)"
check "$RATIO" 0.90
