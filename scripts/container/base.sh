#!/usr/bin/env bash
# Builds a Java 25 base image from Debian's own packages and the JDK 25 installed on this
# machine, for machines where no registry serves eclipse-temurin:25-jre:
#
#   scripts/container/base.sh [TAG]        (default TAG: localhost/bastion-java-base:25)
#   podman build --build-arg JAVA_BASE=localhost/bastion-java-base:25 ...
#
# The image is `debootstrap --variant=minbase bookworm` plus a jlink runtime at
# /opt/java/openjdk (where the Temurin images keep theirs), with JAVA_HOME and PATH set
# the same way, so the Containerfile treats both bases alike. Needs root, debootstrap,
# podman and a JDK 25 (JDK=..., default /usr/lib/jvm/temurin-25-jdk-amd64). About 1-2 min.
#
# Environment: DEBIAN_MIRROR (default: the first URIs: entry of the apt sources),
# PODMAN (default: podman --runtime runc --cgroup-manager=cgroupfs).
set -euo pipefail

TAG=${1:-localhost/bastion-java-base:25}
JDK=${JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
SUITE=bookworm
read -r -a PODMAN <<<"${PODMAN:-podman --runtime runc --cgroup-manager=cgroupfs}"

log() { printf '[base] %s\n' "$*" >&2; }
die() {
	log "error: $*"
	exit 1
}

[[ $(id -u) -eq 0 ]] || die "debootstrap needs root"
command -v debootstrap >/dev/null || die "debootstrap is not installed (apt-get install debootstrap)"
[[ -x $JDK/bin/jlink ]] || die "no jlink in $JDK"

mirror() {
	local uri
	uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
	if [[ -z $uri ]]; then
		uri=$(awk '$1 == "deb" {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
	fi
	printf '%s' "${uri:-http://deb.debian.org/debian}"
}
MIRROR=${DEBIAN_MIRROR:-$(mirror)}

# The module set of a Temurin 25 JRE (what eclipse-temurin:25-jre, the public default base,
# ships): everything but the development tools. It is a superset of what `jdeps
# --print-module-deps` finds in Bastion's jars, and it also covers what is loaded
# reflectively or by service lookup: jdk.crypto.ec and jdk.crypto.cryptoki (TLS and JOSE
# keys), jdk.naming.dns (JNDI DNS lookups), jdk.management and jdk.management.jfr (JMX
# metrics, JFR), jdk.unsupported (sun.misc.Unsafe for Netty and Caffeine), jdk.zipfs,
# jdk.localedata and jdk.charsets.
MODULES=java.base,java.compiler,java.datatransfer,java.desktop,java.instrument,java.logging,java.management,\
java.management.rmi,java.naming,java.net.http,java.prefs,java.rmi,java.scripting,java.se,java.security.jgss,\
java.security.sasl,java.smartcardio,java.sql,java.sql.rowset,java.transaction.xa,java.xml,java.xml.crypto,\
jdk.accessibility,jdk.charsets,jdk.crypto.cryptoki,jdk.crypto.ec,jdk.dynalink,jdk.httpserver,jdk.jdwp.agent,\
jdk.jfr,jdk.jsobject,jdk.localedata,jdk.management,jdk.management.agent,jdk.management.jfr,jdk.naming.dns,\
jdk.naming.rmi,jdk.net,jdk.nio.mapmode,jdk.sctp,jdk.security.auth,jdk.security.jgss,jdk.unsupported,\
jdk.xml.dom,jdk.zipfs

ROOTFS=$(mktemp -d "${TMPDIR:-/tmp}/bastion-base.XXXXXX")
# shellcheck disable=SC2317 # invoked by the EXIT trap
cleanup() { rm -rf "$ROOTFS"; }
trap cleanup EXIT

log "debootstrap --variant=minbase $SUITE from $MIRROR"
debootstrap --variant=minbase "$SUITE" "$ROOTFS/root" "$MIRROR" >"$ROOTFS/debootstrap.log" 2>&1 || {
	tail -n 30 "$ROOTFS/debootstrap.log" >&2
	die "debootstrap failed"
}
R=$ROOTFS/root

# Nothing in the image needs the package lists, caches, documentation or manuals.
rm -rf "$R"/var/cache/apt/* "$R"/var/lib/apt/lists/* "$R"/var/log/* "$R"/usr/share/doc/* \
	"$R"/usr/share/man/* "$R"/usr/share/info/* "$R"/tmp/* "$R"/var/tmp/*
# apt in the image should fetch from the public mirror, not from this machine's.
printf 'deb http://deb.debian.org/debian %s main\n' "$SUITE" >"$R/etc/apt/sources.list"

log "jlink: $JDK -> /opt/java/openjdk"
mkdir -p "$R/opt/java"
"$JDK/bin/jlink" --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files \
	--compress=zip-6 --generate-cds-archive --output "$R/opt/java/openjdk"
"$R/opt/java/openjdk/bin/java" -version 2>&1 | sed 's/^/[base]   /' >&2

log "podman import -> $TAG"
tar --numeric-owner -C "$R" -c . | "${PODMAN[@]}" import --quiet \
	--change 'ENV JAVA_HOME=/opt/java/openjdk' \
	--change 'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
	--change 'ENV LANG=C.UTF-8' \
	--change 'CMD ["/bin/bash"]' \
	- "$TAG" >/dev/null
"${PODMAN[@]}" image inspect --format '{{.Id}} {{.Size}}' "$TAG" |
	awk '{printf "[base] %s: %.0f MB\n", substr($1, 1, 12), $2 / 1e6}' >&2
