package dev.bastion.account;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * What a user (and an admin) sees of an account; {@code pending} while it waits for an
 * administrator's approval, {@code temporaryCredentials} while it still has the one-time
 * password an administrator gave it (named so that no response about a user ever holds
 * the word "password").
 */
public record Profile(UUID id, String username, String email, @Nullable String displayName, @Nullable String bio,
		Role role, boolean active, boolean pending, boolean totpEnabled, Instant createdAt,
		boolean temporaryCredentials) {

	public static Profile of(Account account) {
		return new Profile(account.id(), account.username(), account.email(), account.displayName(), account.bio(),
				account.role(), account.active(), account.pending(), account.totpEnabled(), account.createdAt(),
				account.passwordChangeRequired());
	}

}
