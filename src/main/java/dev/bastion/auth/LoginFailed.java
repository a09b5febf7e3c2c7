package dev.bastion.auth;

import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.bastion.system.SecurityEvent;

/**
 * A login attempt failed (wrong password or code, unknown or deactivated account); other
 * modules watch these for brute force from one address.
 *
 * @param username the login name tried (an unknown one too), lower-case
 * @param clientIp the address the attempt came from
 */
public record LoginFailed(@Nullable UUID accountId, String username, String reason,
		String clientIp) implements SecurityEvent {

	@Override
	public Severity severity() {
		return Severity.WARNING;
	}

	@Override
	public Map<String, Object> details() {
		return Map.of("reason", this.reason);
	}

}
