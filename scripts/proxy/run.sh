#!/usr/bin/env bash
# Runs the reverse-proxy recipes in docs/deploy/ (nginx.conf, Caddyfile) for real, in front
# of the Bastion jar in production mode, with a throwaway self-signed certificate:
#
#   scripts/proxy/run.sh [path/to/bastion.jar]    (needs nginx, caddy, node 20+, python3, openssl, curl, jq)
#
# For each proxy: register and log in through it; a chat reply streamed as server-sent
# events from a slow model (scripts/proxy/slow_model.py, a word every 0.4 s) must arrive
# chunk by chunk (sse_timing.py); the client address Bastion sees is the one the proxy saw
# (no SUSPICIOUS_FORWARDED_HEADER); and the Mozilla HTTP Observatory must grade it A+
# (scripts/observatory/scan.mjs). As a control, nginx with proxy_buffering on must fail the
# streaming check. The recipes are used as written, with only the host name, ports and
# certificate paths replaced (the HTTPS port also in nginx's redirect and Caddy's site). A proxy that is not
# installed fails the run, unless ALLOW_MISSING_PROXY=1.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
JAR=${1:-$REPO_ROOT/target/bastion.jar}
[[ $JAR == /* ]] || JAR=$PWD/$JAR
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bastion-proxy.XXXXXX")
PIDS=()
FAILURES=0
PASSES=0

log() { printf '[proxy] %s\n' "$*" >&2; }
pass() {
	PASSES=$((PASSES + 1))
	log "PASS $*"
}
fail() {
	FAILURES=$((FAILURES + 1))
	log "FAIL $*"
}
die() {
	log "error: $*"
	exit 1
}

# shellcheck disable=SC2317 # invoked by the EXIT trap
cleanup() {
	local rc=$? pid
	set +e
	trap - EXIT
	for pid in "${PIDS[@]}"; do
		kill "$pid" 2>/dev/null || true
	done
	for pid in "${PIDS[@]}"; do
		wait "$pid" 2>/dev/null || true
	done
	rm -rf "$WORK"
	exit "$rc"
}
trap cleanup EXIT

for tool in node openssl curl jq python3; do
	command -v "$tool" >/dev/null 2>&1 || die "'$tool' is not installed"
done
[[ -f $JAR ]] || die "jar not found: $JAR (./mvnw package first)"
[[ -x $JAVA ]] || die "no Java 25 at $JAVA (set JAVA=)"

free_ports() {
	python3 - "$1" <<-'EOF'
		import socket, sys
		sockets = [socket.socket() for _ in range(int(sys.argv[1]))]
		for s in sockets:
		    s.bind(("127.0.0.1", 0))
		print(" ".join(str(s.getsockname()[1]) for s in sockets))
	EOF
}
read -r BASTION_PORT MANAGEMENT_PORT HTTP_PORT HTTPS_PORT < <(free_ports 4)

# --- certificate, model, Observatory ----------------------------------------------------------
CERT=$WORK/fullchain.pem
KEY=$WORK/privkey.pem
openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 2 -subj /CN=localhost \
	-addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout "$KEY" -out "$CERT" 2>/dev/null
chmod 600 "$KEY"

python3 "$SCRIPT_DIR/slow_model.py" "$WORK/model.port" 6 0.4 &
PIDS+=($!)
for _ in $(seq 1 50); do [[ -s $WORK/model.port ]] && break; sleep 0.1; done
MODEL_PORT=$(cat "$WORK/model.port")

OBSERVATORY=$REPO_ROOT/scripts/observatory
if [[ ! -d $OBSERVATORY/node_modules/@mdn/mdn-http-observatory ]]; then
	(cd "$OBSERVATORY" && npm ci --ignore-scripts --no-audit --no-fund >/dev/null) || die "npm ci failed"
fi

# --- Bastion: production, behind a proxy on this host -----------------------------------------
log "bastion on 127.0.0.1:$BASTION_PORT (TRUSTED_PROXIES=127.0.0.1), model stub on $MODEL_PORT"
# REGISTRATION=open: this checks the proxies, not sign-up, so each user it registers may log
# in at once (production's default, approval, is proved by scripts/container/test.sh).
(
	cd "$WORK"
	exec env SPRING_PROFILES_ACTIVE=production SECRET_KEY="$(openssl rand -hex 32)" REGISTRATION=open \
		TRUSTED_PROXIES=127.0.0.1 PUBLIC_URL=https://localhost SERVER_PORT="$BASTION_PORT" \
		MANAGEMENT_PORT="$MANAGEMENT_PORT" DATA_DIR="$WORK/data" LOG_FORMAT=text \
		OPENAI_API_KEY=stub-key OPENAI_BASE_URL="http://127.0.0.1:$MODEL_PORT/v1" OPENAI_MODEL=slow-model \
		PROVIDER_ORDER=openai CHAT_CACHE_ENABLED=false RATE_LIMIT_REGISTER=20/1m RATE_LIMIT_LOGIN=20/1m \
		"$JAVA" -jar "$JAR"
) >"$WORK/bastion.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 900); do
	curl -sf --noproxy '*' -o /dev/null "http://127.0.0.1:$BASTION_PORT/livez" && break
	sleep 0.2
done
curl -sf --noproxy '*' -o /dev/null "http://127.0.0.1:$BASTION_PORT/livez" || {
	tail -n 40 "$WORK/bastion.log" >&2
	die "Bastion did not start"
}

# --- the recipes, with host name, ports and paths moved -----------------------------------------
render_nginx() { # render_nginx BUFFERING(off|on) OUT
	sed -e "s/bastion\.example\.org/localhost/g" \
		-e "s/listen 80;/listen 127.0.0.1:$HTTP_PORT;/; s/listen \[::\]:80;//" \
		-e "s/listen 443 ssl http2;/listen 127.0.0.1:$HTTPS_PORT ssl http2;/; s/listen \[::\]:443 ssl http2;//" \
		-e "s#return 301 https://\$host\$request_uri;#return 301 https://\$host:$HTTPS_PORT\$request_uri;#" \
		-e "s#/etc/letsencrypt/live/localhost/fullchain.pem#$CERT#; s#/etc/letsencrypt/live/localhost/privkey.pem#$KEY#" \
		-e "s#proxy_pass http://127.0.0.1:8080;#proxy_pass http://127.0.0.1:$BASTION_PORT;#" \
		-e "s/proxy_buffering off;/proxy_buffering $1;/" \
		"$REPO_ROOT/docs/deploy/nginx.conf" >"$2"
	cat >"$WORK/nginx/nginx.conf" <<-EOF
		user root;
		worker_processes 1;
		pid $WORK/nginx/nginx.pid;
		error_log $WORK/nginx/error.log warn;
		events { worker_connections 256; }
		http {
		    access_log $WORK/nginx/access.log;
		    client_body_temp_path $WORK/nginx/body;
		    proxy_temp_path $WORK/nginx/proxy;
		    include $2;
		}
	EOF
}
render_caddy() {
	{
		# https_port stays 443: Caddy leaves the port out of its redirect when the site's
		# port is https_port.
		printf '{\n\thttp_port %s\n\tadmin off\n\tskip_install_trust\n\tstorage file_system %s\n}\n\n' \
			"$HTTP_PORT" "$WORK/caddy/data"
		# With the port in the site address, Caddy's own HTTP->HTTPS redirect names it.
		sed -e "s/^bastion\.example\.org {/localhost:$HTTPS_PORT {/" \
			-e "s|# tls /etc/bastion/tls/fullchain.pem /etc/bastion/tls/privkey.pem|tls $CERT $KEY|" \
			-e "s/reverse_proxy 127.0.0.1:8080/reverse_proxy 127.0.0.1:$BASTION_PORT/" \
			"$REPO_ROOT/docs/deploy/Caddyfile"
	} >"$WORK/caddy/Caddyfile"
}

PROXY_PID=""
start_proxy() { # start_proxy nginx|caddy
	case $1 in
	nginx)
		nginx -t -c "$WORK/nginx/nginx.conf" >"$WORK/nginx/test.log" 2>&1 || {
			cat "$WORK/nginx/test.log" >&2
			return 1
		}
		nginx -c "$WORK/nginx/nginx.conf" -g 'daemon off;' >>"$WORK/nginx/error.log" 2>&1 &
		;;
	caddy)
		HOME=$WORK/caddy XDG_DATA_HOME=$WORK/caddy/data XDG_CONFIG_HOME=$WORK/caddy/config \
			caddy run --config "$WORK/caddy/Caddyfile" --adapter caddyfile >"$WORK/caddy/caddy.log" 2>&1 &
		;;
	esac
	PROXY_PID=$!
	PIDS+=("$PROXY_PID")
	for _ in $(seq 1 100); do
		curl -s --noproxy '*' --cacert "$CERT" -o /dev/null "https://localhost:$HTTPS_PORT/livez" && return 0
		kill -0 "$PROXY_PID" 2>/dev/null || break
		sleep 0.1
	done
	tail -n 20 "$WORK/$1/"*.log >&2
	return 1
}
stop_proxy() {
	kill "$PROXY_PID" 2>/dev/null || true
	wait "$PROXY_PID" 2>/dev/null || true
	PROXY_PID=""
}

HTTPS=https://localhost:$HTTPS_PORT
CURL=(curl -sS --noproxy '*' --max-time 60 --cacert "$CERT" -H 'Content-Type: application/json')
USERS=0
login_through_proxy() { # prints an access token for a new user
	USERS=$((USERS + 1))
	local name=proxyuser$USERS
	"${CURL[@]}" -o /dev/null -d "{\"username\":\"$name\",\"email\":\"$name@example.org\",\"password\":\"violet-anchor-tundra-71\"}" \
		"$HTTPS/api/v1/auth/register"
	"${CURL[@]}" -d "{\"username\":\"$name\",\"password\":\"violet-anchor-tundra-71\"}" "$HTTPS/api/v1/auth/login" |
		jq -r '.access_token // empty'
}

check_proxy() { # check_proxy NAME
	local name=$1 token suspicious
	token=$(login_through_proxy)
	if [[ -n $token ]]; then pass "$name: register and log in through the proxy"; else fail "$name: log in through the proxy"; fi
	if python3 "$SCRIPT_DIR/sse_timing.py" "$HTTPS/api/v1/chat" "$CERT" "$token" 1.0 >"$WORK/$name.sse" 2>&1; then
		pass "$name: the SSE chat stream arrives chunk by chunk ($(tail -n 1 "$WORK/$name.sse"))"
	else
		sed 's/^/[proxy]   /' "$WORK/$name.sse" >&2
		fail "$name: the SSE chat stream was not passed through as it was written"
	fi
	suspicious=$(grep -c 'SUSPICIOUS_FORWARDED_HEADER' "$WORK/bastion.log" || true)
	if [[ $suspicious == 0 ]]; then
		pass "$name: Bastion trusts the proxy's forwarded headers (no SUSPICIOUS_FORWARDED_HEADER)"
	else
		fail "$name: Bastion logged $suspicious SUSPICIOUS_FORWARDED_HEADER events"
	fi
	if NODE_EXTRA_CA_CERTS=$CERT node "$REPO_ROOT/scripts/observatory/scan.mjs" --host localhost \
		--https-port "$HTTPS_PORT" --http-port "$HTTP_PORT" --min-grade A+ >"$WORK/$name.observatory" 2>&1; then
		pass "$name: Mozilla HTTP Observatory $(grep '^Grade:' "$WORK/$name.observatory")"
	else
		sed 's/^/[proxy]   /' "$WORK/$name.observatory" >&2
		fail "$name: Mozilla HTTP Observatory below A+"
	fi
}

# --- nginx ------------------------------------------------------------------------------------
if command -v nginx >/dev/null 2>&1; then
	mkdir -p "$WORK/nginx"
	render_nginx off "$WORK/nginx/bastion.conf"
	log "nginx $(nginx -v 2>&1 | sed 's/.*nginx\///') with docs/deploy/nginx.conf on https://localhost:$HTTPS_PORT"
	if start_proxy nginx; then
		check_proxy nginx
		stop_proxy
	else
		fail "nginx did not start with docs/deploy/nginx.conf"
	fi
	# Control: the same recipe with buffering on must fail the streaming check.
	render_nginx on "$WORK/nginx/bastion.conf"
	if start_proxy nginx; then
		token=$(login_through_proxy)
		if python3 "$SCRIPT_DIR/sse_timing.py" "$HTTPS/api/v1/chat" "$CERT" "$token" 1.0 >"$WORK/control.sse" 2>&1; then
			fail "control: with proxy_buffering on the streaming check still passed ($(tail -n 1 "$WORK/control.sse"))"
		else
			pass "control: with proxy_buffering on the stream arrives at once ($(tail -n 1 "$WORK/control.sse"))"
		fi
		stop_proxy
	else
		fail "nginx did not start with the control configuration"
	fi
elif [[ -n ${ALLOW_MISSING_PROXY:-} ]]; then
	log "SKIP nginx is not installed"
else
	fail "nginx is not installed (apt-get install nginx)"
fi

# --- Caddy ------------------------------------------------------------------------------------
if command -v caddy >/dev/null 2>&1; then
	mkdir -p "$WORK/caddy/data" "$WORK/caddy/config"
	render_caddy
	log "caddy $(caddy version | cut -d' ' -f1) with docs/deploy/Caddyfile on https://localhost:$HTTPS_PORT"
	if start_proxy caddy; then
		check_proxy caddy
		stop_proxy
	else
		fail "caddy did not start with docs/deploy/Caddyfile"
	fi
elif [[ -n ${ALLOW_MISSING_PROXY:-} ]]; then
	log "SKIP caddy is not installed"
else
	fail "caddy is not installed (apt-get install caddy)"
fi

printf '%d passed, %d failed\n' "$PASSES" "$FAILURES"
((FAILURES == 0))
