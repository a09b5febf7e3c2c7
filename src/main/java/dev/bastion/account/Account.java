package dev.bastion.account;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A stored account. The password hash and the encrypted TOTP secret never leave the
 * server: responses use {@link Profile}.
 *
 * @param totpSecret the TOTP secret encrypted with a key derived from SECRET_KEY, set
 * from setup on (active only once {@code totpEnabled})
 * @param totpLastStep the last RFC 6238 time step accepted, so that no code works twice
 * @param pending registered under {@code REGISTRATION=approval} and not approved yet: it
 * cannot log in
 * @param tokensValidAfter access tokens issued before this instant are refused
 * @param passwordChangeRequired created by an administrator with a one-time password:
 * nothing but a password change is allowed until its owner sets their own
 */
public record Account(UUID id, String username, String email, String passwordHash, @Nullable String displayName,
		@Nullable String bio, Role role, boolean active, boolean pending, @Nullable String totpSecret,
		boolean totpEnabled, long totpLastStep, Instant tokensValidAfter, Instant createdAt, Instant updatedAt,
		boolean passwordChangeRequired) {

	/** An administrator who can act: active and approved. */
	public boolean activeAdmin() {
		return this.role == Role.ADMIN && this.active && !this.pending;
	}

	@Override
	public String toString() {
		return "Account[id=" + this.id + ", username=" + this.username + ", role=" + this.role + "]";
	}

}
