package dev.bastion.web;

import java.util.Map;

import dev.bastion.audit.SecurityEvent;

/**
 * A cross-origin request was refused.
 *
 * @param origin the {@code Origin} it came from (at most 200 characters)
 * @param clientIp the address it came from (the edge refuses it before the request is
 * known to the rest of the application)
 */
record CorsRejected(String origin, String clientIp) implements SecurityEvent {

	@Override
	public Severity severity() {
		return Severity.WARNING;
	}

	@Override
	public Map<String, Object> details() {
		return Map.of("origin", this.origin, "client_ip", this.clientIp);
	}

	@Override
	public boolean alreadyLogged() {
		return true;
	}

}
