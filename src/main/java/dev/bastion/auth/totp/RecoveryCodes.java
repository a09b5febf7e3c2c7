package dev.bastion.auth.totp;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.bastion.crypto.Secrets;
import dev.bastion.system.Secret;

/**
 * Single-use recovery codes for a lost authenticator: ten of them, 50 random bits each
 * ({@code xxxxx-xxxxx}), stored as keyed hashes.
 */
@Repository
public class RecoveryCodes {

	static final int COUNT = 10;

	private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

	private static final int HALF = 5;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcClient jdbc;

	private final Secrets secrets;

	private final Clock clock;

	RecoveryCodes(JdbcClient jdbc, Secrets secrets, Clock clock) {
		this.jdbc = jdbc;
		this.secrets = secrets;
		this.clock = clock;
	}

	/** Replaces the account's codes with new ones and returns them, to be shown once. */
	List<Secret> regenerate(UUID accountId) {
		delete(accountId);
		List<Secret> codes = new ArrayList<>();
		for (int i = 0; i < COUNT; i++) {
			String code = randomHalf() + "-" + randomHalf();
			this.jdbc.sql("insert into recovery_codes (account_id, code_hash) values (?, ?)")
				.params(accountId, this.secrets.hash(code))
				.update();
			codes.add(Secret.of(code));
		}
		return codes;
	}

	/** Spends a code; false if it is not one of the account's unused codes. */
	boolean use(UUID accountId, String code) {
		String normalized = code.strip().toLowerCase(Locale.ROOT);
		return this.jdbc
			.sql("update recovery_codes set used_at = ? where account_id = ? and code_hash = ? and used_at is null")
			.params(Timestamp.from(this.clock.instant()), accountId, this.secrets.hash(normalized))
			.update() == 1;
	}

	public void delete(UUID accountId) {
		this.jdbc.sql("delete from recovery_codes where account_id = ?").param(accountId).update();
	}

	private static String randomHalf() {
		StringBuilder half = new StringBuilder(HALF);
		for (int i = 0; i < HALF; i++) {
			half.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
		}
		return half.toString();
	}

}
