package dev.bastion.auth.login;

import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.bastion.audit.SecurityEvent;

/**
 * The security events of logins.
 */
final class SecurityEvents {

	private SecurityEvents() {
	}

	/**
	 * @param method how the user proved it: {@code password} (with the code when on) or
	 * {@code passkey}
	 */
	record LoginSucceeded(UUID accountId, String username, boolean trustedDevice,
			String method) implements SecurityEvent {

		@Override
		public Severity severity() {
			return Severity.INFO;
		}

		@Override
		public Map<String, Object> details() {
			return Map.of("trusted_device", this.trustedDevice, "method", this.method);
		}

	}

	record AccountLocked(@Nullable UUID accountId, @Nullable String username, long seconds,
			boolean deviceOnly) implements SecurityEvent {

		@Override
		public Severity severity() {
			return Severity.WARNING;
		}

		@Override
		public Map<String, Object> details() {
			return Map.of("locked_seconds", this.seconds, "device_only", this.deviceOnly);
		}

	}

	record RefreshTokenReused(UUID accountId, @Nullable String username, UUID sessionId) implements SecurityEvent {

		@Override
		public Severity severity() {
			return Severity.CRITICAL;
		}

		@Override
		public Map<String, Object> details() {
			return Map.of("session_id", this.sessionId);
		}

	}

	record TokenRevoked(UUID accountId, @Nullable String username, String scope) implements SecurityEvent {

		@Override
		public Severity severity() {
			return Severity.INFO;
		}

		@Override
		public Map<String, Object> details() {
			return Map.of("scope", this.scope);
		}

	}

}
