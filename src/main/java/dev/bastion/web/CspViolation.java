package dev.bastion.web;

import java.util.Map;

import dev.bastion.audit.SecurityEvent;

/**
 * A browser reported that the Content-Security-Policy blocked something.
 *
 * @param directive the directive violated, e.g. {@code script-src-elem}
 * @param blocked the origin of what was blocked (never its path), or a keyword such as
 * {@code inline}
 */
record CspViolation(String directive, String blocked) implements SecurityEvent {

	@Override
	public Severity severity() {
		return Severity.WARNING;
	}

	@Override
	public Map<String, Object> details() {
		return Map.of("directive", this.directive, "blocked", this.blocked);
	}

	@Override
	public boolean alreadyLogged() {
		return true;
	}

}
