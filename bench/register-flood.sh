#!/usr/bin/env bash
# Login under a registration flood (issue 15, item 5): a returning user's login p99 while
# 1,000 registrations a second of new accounts from random addresses hit the service (an
# open-loop generator, bench/Flood.java, through a trusted proxy). Target: p99 under the
# flood within 2x of the idle p99.
#
# The registration limits (per address, per IPv6 /48 and the global one, 30 a minute by
# default) are raised out of the way on purpose, like the login limit and the bans: with
# them in force the flood would only measure cheap 429s. Raised, every registration
# reaches the password work (a uniqueness check, nbvcxz's strength estimate, an argon2id
# hash), which runs in the unknown clients' hashing lane at the lowest OS priority and is
# refused with 503 when the lane is full. MODE=register-long sends 128-character
# repetitive passwords instead, whose strength estimate costs far more than a hash.
# The flood runs WARMUP (30 s) before it is measured; every answer counts, however slow
# (a 10 s timeout, and any timeout fails the run). The generator runs at the lowest CPU
# priority and must keep up with the rate (see flood in common.sh). RATE=... changes the
# flood's rate.
#
# Bastion runs with the image's JVM options (SERVICE_JAVA_OPTIONS in common.sh;
# BASTION_JAVA_OPTIONS= for the JVM's own).
#
#   bench/register-flood.sh [path/to/bastion.jar]      (build first: ./mvnw package -DskipTests)
set -euo pipefail
source "$(dirname "$0")/common.sh"

export TRUSTED_PROXIES=127.0.0.1 RATE_LIMIT_LOGIN=100000000/1m RATE_LIMIT_REGISTER=100000000/1m \
	RATE_LIMIT_REGISTER_IPV6_48=100000000/1m RATE_LIMIT_REGISTER_GLOBAL=100000000/1m \
	BAN_AFTER_FAILED_LOGINS=100000000 BAN_AFTER_DISTINCT_USERNAMES=100000000
PORT=$(start_bastion flood JAVA_TOOL_OPTIONS="${BASTION_JAVA_OPTIONS-$SERVICE_JAVA_OPTIONS}")
BASE="http://127.0.0.1:$PORT"
new_token "$PORT" >/dev/null
returning_user "$BASE"

WARMUP=${WARMUP:-30}
legit 5s >/dev/null
IDLE=$(legit "$DURATION")
flood "$BASE" "${RATE:-1000}" "$(( ${DURATION%s} + WARMUP + 3 ))" "${MODE:-register}" \
	>"$WORK/flood.txt" &
FLOOD=$!
PIDS+=("$FLOOD")
sleep "$WARMUP"
BUSY=$(legit "$DURATION")
wait "$FLOOD"

if [ -n "${VERBOSE:-}" ]; then echo "$IDLE"; echo "$BUSY"; fi
login_verdict flood "under the flood"
