#!/usr/bin/env bash
# Write throughput of the embedded H2 database (issue 15, item 7): how many acknowledged
# writes a second Bastion answers with each commit written to the file before it is
# acknowledged (WRITE_DELAY=0, the default since 2026-12-06), against H2's own default
# (commits kept in memory up to 500 ms, lost by kill -9), on the same jar and machine.
#
#   bench/durability.sh [path/to/bastion.jar]      (build first: ./mvnw package -DskipTests)
#
# The write is a refresh-token rotation (POST /api/v1/auth/refresh): one transaction that
# spends the presented token and stores the next, no password hashing, answered only
# after its commit. Each wrk connection follows its own chain of tokens. Rounds alternate
# between the two settings so that a noisy machine hurts both alike.
# Needs: wrk (apt-get install wrk), curl, python3, a JDK 25.
set -euo pipefail
source "$(dirname "$0")/common.sh"

export RATE_LIMIT_DEFAULT=100000000/1h RATE_LIMIT_LOGIN=100000000/1m RATE_LIMIT_REGISTER=100000000/1m \
	BAN_AFTER_FAILED_LOGINS=100000000 LOGIN_QUEUE_TIMEOUT=60s
CLIENTS=${CLIENTS:-4}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-20s}
H2_DEFAULT="MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"

# login_refresh PORT: registers a user, logs in, prints the refresh token.
login_refresh() {
	new_token "$1" >/dev/null
	curl -sf -H 'Content-Type: application/json' \
		-d "{\"username\":\"$(cat "$WORK/last-user")\",\"password\":\"violet-anchor-tundra-71\"}" \
		"http://127.0.0.1:$1/api/v1/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["refresh_token"])'
}

# chains PORT FILE: a wrk script in which each connection rotates its own user's tokens.
chains() {
	local tokens=()
	for _ in $(seq 1 "$CLIENTS"); do tokens+=("\"$(login_refresh "$1")\""); done
	cat >"$2" <<LUA
local tokens = { $(IFS=,; echo "${tokens[*]}") }
local next = 0
function setup(thread)
	next = next + 1
	thread:set("token", tokens[next])
end
function request()
	return wrk.format("POST", "/api/v1/auth/refresh", { ["Content-Type"] = "application/json" },
		'{"refresh_token":"' .. token .. '"}')
end
function response(status, headers, body)
	if status == 200 then
		token = body:match('"refresh_token":"([^"]+)"')
	end
end
LUA
}

# measure NAME [VAR=value ...]: a fresh instance, warmed up, then CLIENTS chains of
# rotations for DURATION.
measure() {
	local name=$1; shift
	local port; port=$(start_bastion "$name" "$@")
	local url="http://127.0.0.1:$port/api/v1/auth/refresh"
	chains "$port" "$WORK/$name-warmup.lua"
	chains "$port" "$WORK/$name.lua"
	wrk -t"$CLIENTS" -c"$CLIENTS" -d"$WARMUP" -s "$WORK/$name-warmup.lua" "$url" >/dev/null
	local out; out=$(wrk -t"$CLIENTS" -c"$CLIENTS" -d"$DURATION" --latency -s "$WORK/$name.lua" "$url")
	local errors; errors=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
	local pid; pid=$(tail -n1 "$WORK/pids")
	kill "$pid"
	while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
	printf '%-22s %9s writes/s  p50 %8s  p99 %8s  non-2xx %s  file after stop %s\n' "$name" \
		"$(echo "$out" | rps)" "$(echo "$out" | p50)" "$(echo "$out" | p99)" "${errors:-0}" \
		"$(du -h "$WORK/$name/bastion.mv.db" | cut -f1)"
}

echo "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) before; $CLIENTS clients, $WARMUP warm-up, $DURATION per round"
for round in $(seq 1 "$ROUNDS"); do
	measure "write-delay-0-$round"
	measure "h2-default-$round" DATABASE_URL="jdbc:h2:file:$WORK/h2-default-$round/bastion;$H2_DEFAULT"
done
echo "load $(cut -d' ' -f1-3 /proc/loadavg) after"
