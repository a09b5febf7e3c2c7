#!/usr/bin/env bash
# Web UI benchmark (issue 7), on loopback, in Debian's Chromium driven by Playwright as a
# second process.
#
#   bench/webui.sh [path/to/bastion.jar]   (build first: ./mvnw package -DskipTests;
#                                            the test classes must be compiled too)
#
# 1. Chat page weight: the bytes on the wire (compressed) of everything a logged-in chat
#    page loads with an empty cache. Target: under 150 KB.
# 2. Time to interactive on loopback: from navigation start until the first screen is
#    drawn and usable (the app's `bastion-ready` mark), cold cache. Target: under 500 ms.
# 3. Send to the first streamed character with the instant built-in offline provider.
#    Target: under 50 ms.
# Needs: chromium (apt-get install chromium), curl, python3, a JDK 25.
set -euo pipefail
source "$(dirname "$0")/common.sh"

export RATE_LIMIT_DEFAULT=100000000/1h RATE_LIMIT_CHAT=100000000/1m RATE_LIMIT_LOGIN=100000000/1m \
	PROVIDER_ORDER=offline
PORT=$(start_bastion webui)
setup_admin webui "$PORT" bench-admin
new_token "$PORT" >/dev/null
USERNAME=$(cat "$WORK/last-user")

CLASSPATH_FILE="$WORK/classpath"
(cd "$ROOT" && ./mvnw -B -q -o dependency:build-classpath -Dmdep.includeScope=test \
	-Dmdep.outputFile="$CLASSPATH_FILE" >/dev/null)
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 "$JAVA" -cp "$ROOT/target/test-classes:$(cat "$CLASSPATH_FILE")" \
	dev.bastion.bench.WebUiBenchmark "$PORT" "$USERNAME"
