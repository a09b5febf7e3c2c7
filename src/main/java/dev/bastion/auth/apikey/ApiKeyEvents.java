package dev.bastion.auth.apikey;

import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.bastion.audit.SecurityEvent;

/**
 * The security events of API keys.
 */
final class ApiKeyEvents {

	private ApiKeyEvents() {
	}

	record ApiKeyCreated(UUID accountId, @Nullable String username, String prefix) implements SecurityEvent {

		@Override
		public Severity severity() {
			return Severity.INFO;
		}

		@Override
		public Map<String, Object> details() {
			return Map.of("prefix", this.prefix);
		}

	}

	/**
	 * @param reason {@code owner} (one key), {@code password-change}, or
	 * {@code all-revoked} (a reset, an admin's revoke-tokens or deactivate)
	 */
	record ApiKeyRevoked(UUID accountId, @Nullable String username, String prefix,
			String reason) implements SecurityEvent {

		@Override
		public Severity severity() {
			return Severity.INFO;
		}

		@Override
		public Map<String, Object> details() {
			return Map.of("prefix", this.prefix, "reason", this.reason);
		}

	}

}
