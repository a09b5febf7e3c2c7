package dev.bastion.auth.totp;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.bastion.audit.SecurityEvent;

/**
 * The security events of the TOTP second factor; {@code REQUIRE_2FA}'s gate watches them.
 */
public final class TotpEvents {

	private TotpEvents() {
	}

	public record TotpEnabled(UUID accountId, @Nullable String username) implements SecurityEvent {

		@Override
		public Severity severity() {
			return Severity.INFO;
		}

	}

	public record TotpDisabled(UUID accountId, @Nullable String username) implements SecurityEvent {

		@Override
		public Severity severity() {
			return Severity.WARNING;
		}

	}

}
