package dev.bastion.auth;

import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.bastion.audit.SecurityEvent;

/**
 * The security events of this module.
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

	record PasswordChanged(UUID accountId, @Nullable String username, String how) implements SecurityEvent {

		@Override
		public Severity severity() {
			return Severity.INFO;
		}

		@Override
		public Map<String, Object> details() {
			return Map.of("how", this.how);
		}

	}

	record PasswordResetRequested(@Nullable UUID accountId, @Nullable String username) implements SecurityEvent {

		@Override
		public Severity severity() {
			return Severity.INFO;
		}

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

	record TotpEnabled(UUID accountId, @Nullable String username) implements SecurityEvent {

		@Override
		public Severity severity() {
			return Severity.INFO;
		}

	}

	record TotpDisabled(UUID accountId, @Nullable String username) implements SecurityEvent {

		@Override
		public Severity severity() {
			return Severity.WARNING;
		}

	}

}
