#!/usr/bin/env bash
# Login under attack (issue 4): a returning user's login p99 while 1,000 wrong-password
# logins a second for random usernames from random addresses hit the service (an open-loop
# generator, bench/Flood.java, through a trusted proxy so every attempt comes from a new
# address and no limit or ban stops it). Target: p99 under attack within 2x of the idle p99.
# The attack runs WARMUP (30 s) before it is measured, so that the JIT has compiled its
# path; every answer counts, however slow (a 10 s timeout, and any timeout fails the run).
# The generator runs at the lowest CPU priority and must keep up with the rate (see flood in
# common.sh). RATE=... changes the attack rate.
#
# Bastion runs with the image's JVM options (SERVICE_JAVA_OPTIONS in common.sh;
# BASTION_JAVA_OPTIONS= for the JVM's own).
#
#   bench/login-attack.sh [path/to/bastion.jar]
set -euo pipefail
source "$(dirname "$0")/common.sh"

export TRUSTED_PROXIES=127.0.0.1 RATE_LIMIT_LOGIN=100000000/1m BAN_AFTER_FAILED_LOGINS=100000000 \
	BAN_AFTER_DISTINCT_USERNAMES=100000000
PORT=$(start_bastion attack JAVA_TOOL_OPTIONS="${BASTION_JAVA_OPTIONS-$SERVICE_JAVA_OPTIONS}")
BASE="http://127.0.0.1:$PORT"
new_token "$PORT" >/dev/null
returning_user "$BASE"

STATUS=$(curl -s -o "$WORK/legit.out" -w '%{http_code}' -H 'Content-Type: application/json' -H 'X-Forwarded-For: 198.51.100.1' \
	-d "{\"username\":\"$USER\",\"password\":\"violet-anchor-tundra-71\",\"device_token\":\"$DEVICE\"}" "$BASE/api/v1/auth/login")
[ "$STATUS" = 200 ] || { echo "the returning user cannot log in: $STATUS $(cat "$WORK/legit.out")"; exit 1; }
WARMUP=${WARMUP:-30}
legit 5s >/dev/null
IDLE=$(legit "$DURATION")
flood "$BASE" "${RATE:-1000}" "$(( ${DURATION%s} + WARMUP + 3 ))" >"$WORK/attack.txt" &
ATTACK=$!
PIDS+=("$ATTACK")
sleep "$WARMUP"
BUSY=$(legit "$DURATION")
wait "$ATTACK"

login_verdict attack "under attack"
