package dev.bastion.ratelimit;

import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.bastion.audit.SecurityEvent;

/**
 * A request was refused by a rate limit.
 */
record RateLimited(String policy, String subject, @Nullable UUID accountId) implements SecurityEvent {

	@Override
	public Severity severity() {
		return Severity.INFO;
	}

	@Override
	public Map<String, Object> details() {
		return Map.of("policy", this.policy, "subject", this.subject);
	}

}
