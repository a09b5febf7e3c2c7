package dev.bastion.web;

import java.util.Map;

import dev.bastion.audit.SecurityEvent;

/**
 * Forwarded headers ({@code X-Forwarded-For} and the like) came from a peer that is not
 * among {@code TRUSTED_PROXIES}: they were ignored.
 *
 * @param peer the address the request came from
 */
record SuspiciousForwardedHeader(String peer) implements SecurityEvent {

	@Override
	public Severity severity() {
		return Severity.WARNING;
	}

	@Override
	public Map<String, Object> details() {
		return Map.of("client_ip", this.peer);
	}

	@Override
	public boolean alreadyLogged() {
		return true;
	}

}
