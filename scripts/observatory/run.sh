#!/usr/bin/env bash
# Black-box Mozilla HTTP Observatory check of a Bastion jar.
#
# Usage: scripts/observatory/run.sh [path/to/bastion.jar]
#   default jar: target/bastion.jar in the repository root
#
# Starts the jar (production profile) over HTTPS with a throwaway self-signed
# certificate plus a plain-HTTP redirect port, all on 127.0.0.1, runs scan.mjs
# against it and exits with scan.mjs's status:
#   0 = grade >= MIN_GRADE (default A+), 1 = lower grade, 2 = error.
#
# Optional environment:
#   MIN_GRADE        lowest acceptable grade (default A+)
#   OBSERVATORY_OUT  also write the JSON result to this file
#   START_TIMEOUT    seconds to wait for /api/v1/health (default 90)
#   OBSERVATORY_TIMEOUT  scanner request budget per session in seconds (package default 10)
#   OBSERVATORY_JAVA_OPTS  extra JVM options (word-split)
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
PKG_VERSION=1.4.8
PKG_DIR=$SCRIPT_DIR/node_modules/@mdn/mdn-http-observatory
DEFAULT_JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
MIN_GRADE=${MIN_GRADE:-A+}
START_TIMEOUT=${START_TIMEOUT:-90}

log() { printf '[observatory] %s\n' "$*" >&2; }
die() {
  log "error: $*"
  exit 2
}

for tool in node npm openssl curl; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is not installed"
done
[[ $START_TIMEOUT =~ ^[0-9]+$ ]] || die "START_TIMEOUT must be whole seconds"

# --- the jar -----------------------------------------------------------------
if [[ $# -ge 1 && -n $1 ]]; then
  JAR=$1
else
  candidates=()
  shopt -s nullglob
  for f in "$REPO_ROOT"/target/bastion.jar "$REPO_ROOT"/target/bastion-*.jar; do
    case $f in
      *-plain.jar | *-sources.jar | *-javadoc.jar | *-tests.jar) ;;
      *) candidates+=("$f") ;;
    esac
  done
  shopt -u nullglob
  if [[ ${#candidates[@]} -ne 1 ]]; then
    die "expected exactly one runnable $REPO_ROOT/target/bastion-*.jar (not *-plain.jar)," \
      "found ${#candidates[@]}${candidates[*]:+: ${candidates[*]}}; build it first or pass the jar path"
  fi
  JAR=${candidates[0]}
fi
[[ -f $JAR ]] || die "jar not found: $JAR"
JAR=$(cd "$(dirname "$JAR")" && pwd)/$(basename "$JAR")

# --- Java 25 -----------------------------------------------------------------
is_java25() {
  local out
  [[ -x $1 ]] || return 1
  # Capture first: grep -q in a pipeline could SIGPIPE java and trip pipefail.
  out=$("$1" -XshowSettings:properties -version 2>&1) || return 1
  grep -Eq '^[[:space:]]*java\.specification\.version = 25[[:space:]]*$' <<<"$out"
}
if [[ -n ${JAVA_HOME:-} ]] && is_java25 "$JAVA_HOME/bin/java"; then
  JAVA=$JAVA_HOME/bin/java
elif is_java25 "$DEFAULT_JAVA"; then
  JAVA=$DEFAULT_JAVA
else
  die "no Java 25 found (JAVA_HOME=${JAVA_HOME:-unset}, $DEFAULT_JAVA)"
fi

# --- the Observatory package ---------------------------------------------------
installed_version() {
  node -e 'try { console.log(require(process.argv[1]).version) } catch { console.log("") }' \
    "$PKG_DIR/package.json"
}
if [[ $(installed_version) != "$PKG_VERSION" ]]; then
  log "installing @mdn/mdn-http-observatory@$PKG_VERSION (npm ci --ignore-scripts)"
  (cd "$SCRIPT_DIR" && npm ci --ignore-scripts --no-audit --no-fund) >&2 || die "npm ci failed"
  [[ $(installed_version) == "$PKG_VERSION" ]] || die "npm ci did not install $PKG_VERSION"
fi
# Its postinstall (skipped) would download the HSTS preload list; an empty one is enough.
if [[ ! -f $PKG_DIR/conf/hsts-preload.json ]]; then
  mkdir -p "$PKG_DIR/conf"
  printf '{}\n' >"$PKG_DIR/conf/hsts-preload.json"
fi

# --- temp dir, clean-up ----------------------------------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bastion-observatory.XXXXXX")
SERVICE_PID=""
# shellcheck disable=SC2317 # invoked by the EXIT trap
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n $SERVICE_PID ]] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    kill "$SERVICE_PID" 2>/dev/null || true
    for _ in $(seq 1 40); do
      kill -0 "$SERVICE_PID" 2>/dev/null || break
      sleep 0.5
    done
    kill -9 "$SERVICE_PID" 2>/dev/null || true
    wait "$SERVICE_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

show_log() {
  log "last lines of the service log:"
  tail -n "${1:-80}" "$WORK/service.log" >&2 2>/dev/null || true
}

# --- throwaway certificate (CN=localhost, SAN DNS:localhost, IP:127.0.0.1) -------------
CERT=$WORK/cert.pem
KEY=$WORK/key.pem
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$KEY" 2>/dev/null ||
  die "openssl genpkey failed"
chmod 600 "$KEY"
openssl req -new -x509 -key "$KEY" -out "$CERT" -sha256 -days 2 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" 2>/dev/null || die "openssl req failed"
[[ $(head -n 1 "$KEY") == "-----BEGIN PRIVATE KEY-----" ]] || die "key is not unencrypted PKCS#8"

# --- three free loopback ports (held open together, so they differ) --------------
read -r HTTPS_PORT HTTP_PORT MGMT_PORT < <(node -e '
  const net = require("node:net");
  const servers = [0, 1, 2].map(() => net.createServer());
  Promise.all(servers.map((s) => new Promise((ok, ko) => {
    s.once("error", ko);
    s.listen(0, "127.0.0.1", ok);
  }))).then(() => {
    console.log(servers.map((s) => s.address().port).join(" "));
    servers.forEach((s) => s.close());
  }, (e) => { console.error(e); process.exit(1); });
') || true
[[ ${MGMT_PORT:-} =~ ^[0-9]+$ ]] || die "could not find free ports"

SECRET_KEY=$(openssl rand -hex 32)
DATA_DIR=$WORK/data
mkdir -p "$DATA_DIR"

# --- start the service --------------------------------------------------------------
log "java:  $JAVA"
log "jar:   $JAR"
log "https: https://localhost:$HTTPS_PORT  http: $HTTP_PORT  management: $MGMT_PORT  data: $DATA_DIR"
# shellcheck disable=SC2086 # OBSERVATORY_JAVA_OPTS is meant to be word-split
(
  cd "$WORK"
  exec env \
    SPRING_PROFILES_ACTIVE=production \
    SECRET_KEY="$SECRET_KEY" \
    PUBLIC_URL="https://localhost:$HTTPS_PORT" \
    TLS_CERT_FILE="$CERT" \
    TLS_KEY_FILE="$KEY" \
    SERVER_PORT="$HTTPS_PORT" \
    HTTP_PORT="$HTTP_PORT" \
    SERVER_ADDRESS=127.0.0.1 \
    MANAGEMENT_PORT="$MGMT_PORT" \
    DATA_DIR="$DATA_DIR" \
    "$JAVA" ${OBSERVATORY_JAVA_OPTS:-} -jar "$JAR"
) >"$WORK/service.log" 2>&1 </dev/null &
SERVICE_PID=$!

started=$SECONDS
HEALTH_URL=https://localhost:$HTTPS_PORT/api/v1/health
deadline=$((SECONDS + START_TIMEOUT))
code=000
while :; do
  if ! kill -0 "$SERVICE_PID" 2>/dev/null; then
    wait "$SERVICE_PID" 2>/dev/null && rc=0 || rc=$?
    SERVICE_PID=""
    log "error: the service exited during start-up (status $rc)"
    show_log
    exit 2
  fi
  code=$(curl -s -o /dev/null -w '%{http_code}' --noproxy '*' --cacert "$CERT" --max-time 3 \
    "$HEALTH_URL" 2>/dev/null) || true
  [[ $code == 2[0-9][0-9] ]] && break
  if ((SECONDS >= deadline)); then
    log "error: $HEALTH_URL did not answer 2xx within ${START_TIMEOUT}s (last status: ${code:-000})"
    show_log
    exit 2
  fi
  sleep 1
done
log "service is up after $((SECONDS - started))s ($HEALTH_URL -> $code)"

# --- scan -----------------------------------------------------------------------------
scan_args=(--host localhost --https-port "$HTTPS_PORT" --http-port "$HTTP_PORT" --min-grade "$MIN_GRADE")
if [[ -n ${OBSERVATORY_OUT:-} ]]; then
  scan_args+=(--out "$OBSERVATORY_OUT")
fi
if [[ -n ${OBSERVATORY_TIMEOUT:-} ]]; then
  scan_args+=(--timeout "$OBSERVATORY_TIMEOUT")
fi
status=0
NODE_EXTRA_CA_CERTS=$CERT node "$SCRIPT_DIR/scan.mjs" "${scan_args[@]}" || status=$?
if ((status == 2)); then
  show_log 40
fi
exit "$status"
