package dev.bastion.auth;

import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.bastion.audit.FailedGuess;

/**
 * A login attempt failed (wrong password or code, unknown or deactivated account,
 * locked); other modules watch these for brute force from one address.
 *
 * @param username the account's username; {@code null} when no account matched, since
 * what was typed could be a password entered in the wrong field
 * @param clientIp the address the attempt came from
 * @param loginFingerprint a keyed hash of the login name tried, to tell attempts on
 * different names apart without keeping the names
 */
public record LoginFailed(@Nullable UUID accountId, @Nullable String username, String reason, String clientIp,
		String loginFingerprint) implements FailedGuess {

	@Override
	public Severity severity() {
		return Severity.WARNING;
	}

	@Override
	public Map<String, Object> details() {
		return Map.of("reason", this.reason, "login_fingerprint", this.loginFingerprint);
	}

}
