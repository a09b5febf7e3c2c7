package dev.bastion.account;

import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.security.crypto.password.PasswordEncoder;

import dev.bastion.account.AccountManagement.PasswordCheck;
import dev.bastion.system.BastionException;
import dev.bastion.system.InvalidInputException;

/**
 * All password work, each piece in a lane of the {@link HashingBulkhead}: checking a
 * password against its hash, and for a new password the policy check (nbvcxz's strength
 * estimate of a long crafted password costs more CPU than a hash: up to about a second),
 * the history check and the hash. Only logins of clients with a device token use the
 * known devices' lane; everything else shares the unknown clients' one.
 */
final class Passwords {

	private final PasswordEncoder encoder;

	private final PasswordPolicy policy;

	private final HashingBulkhead lanes;

	/**
	 * An argon2id hash no password matches, verified when the account does not exist so
	 * that the answer takes as long as for a real one.
	 */
	private final String unknownAccountHash;

	Passwords(PasswordEncoder encoder, PasswordPolicy policy, HashingBulkhead lanes) {
		this.encoder = encoder;
		this.policy = policy;
		this.lanes = lanes;
		this.unknownAccountHash = current(Argon2id.unmatchable());
	}

	/**
	 * Whether {@code password} is the account's; takes the same time for unknown
	 * accounts.
	 */
	PasswordCheck check(@Nullable Account account, @Nullable String password, boolean knownDevice) {
		return this.lanes.run(knownDevice, () -> {
			if (account == null || password == null) {
				this.encoder.matches((password != null) ? password : "", this.unknownAccountHash);
				return PasswordCheck.WRONG;
			}
			if (!this.encoder.matches(password, account.passwordHash())) {
				return PasswordCheck.WRONG;
			}
			return this.encoder.upgradeEncoding(account.passwordHash()) ? PasswordCheck.RIGHT_WITH_OUTDATED_HASH
					: PasswordCheck.RIGHT;
		});
	}

	/** The hash of a new account's password, once the policy accepts it. */
	String hashNew(@Nullable String password, String username, String email, String field) {
		return this.lanes.run(() -> {
			this.policy.check(password, username, email, field);
			return encoded(password, Argon2id.laneSalt());
		});
	}

	/**
	 * The hash of an account's next password, once the policy accepts it and it differs
	 * from each of {@code previous}.
	 */
	String hashReplacement(@Nullable String password, Account account, List<String> previous, int historyCount,
			String field) {
		return this.lanes.run(() -> {
			this.policy.check(password, account.username(), account.email(), field);
			if (previous.stream().anyMatch((hash) -> this.encoder.matches(password, hash))) {
				throw new InvalidInputException(field, "must differ from your last " + historyCount + " passwords");
			}
			return encoded(password, Argon2id.laneSalt());
		});
	}

	/**
	 * A new hash of a password found right under an outdated one; none when the lane is
	 * full (the next login tries again).
	 */
	Optional<String> rehash(String password) {
		try {
			return Optional.of(this.lanes.run(() -> encoded(password, Argon2id.laneSalt())));
		}
		catch (BastionException ex) {
			return Optional.empty();
		}
	}

	private static String encoded(@Nullable String password, byte[] salt) {
		if (password == null) {
			throw new IllegalArgumentException("no password to hash");
		}
		return current(Argon2id.hash(password, salt));
	}

	/** An argon2id hash as the delegating encoder stores it, with its prefix. */
	private static String current(String argon2) {
		return "{" + AccountConfiguration.CURRENT_ENCODING + "}" + argon2;
	}

}
