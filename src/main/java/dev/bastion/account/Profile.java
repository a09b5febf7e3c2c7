package dev.bastion.account;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * What a user (and an admin) sees of an account.
 */
public record Profile(UUID id, String username, String email, @Nullable String displayName, @Nullable String bio,
		Role role, boolean active, boolean totpEnabled, Instant createdAt) {

	public static Profile of(Account account) {
		return new Profile(account.id(), account.username(), account.email(), account.displayName(), account.bio(),
				account.role(), account.active(), account.totpEnabled(), account.createdAt());
	}

}
