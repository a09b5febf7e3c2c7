package dev.bastion.account;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.bastion.crypto.Secrets;

/**
 * The one-time codes that let the first administrator be made over HTTP, stored as keyed
 * hashes. A code is 28 characters of Crockford's base32 in groups of four (140 bits),
 * easy to copy and to type: case, dashes and spaces do not matter, and {@code O},
 * {@code I} and {@code L} read as the digits they look like.
 */
@Repository
class SetupCodes {

	private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

	private static final int LENGTH = 28;

	private static final int GROUP = 4;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcClient jdbc;

	private final Secrets secrets;

	SetupCodes(JdbcClient jdbc, Secrets secrets) {
		this.jdbc = jdbc;
		this.secrets = secrets;
	}

	/** Stores a new code valid until {@code expiresAt}; returns it, the only copy. */
	String issue(Instant now, Instant expiresAt) {
		StringBuilder code = new StringBuilder();
		for (int i = 0; i < LENGTH; i++) {
			if (i > 0 && i % GROUP == 0) {
				code.append('-');
			}
			code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
		}
		this.jdbc.sql("delete from setup_codes where expires_at <= ?").param(Timestamp.from(now)).update();
		this.jdbc.sql("insert into setup_codes (code_hash, created_at, expires_at) values (?, ?, ?)")
			.params(hash(code.toString()).orElseThrow(), Timestamp.from(now), Timestamp.from(expiresAt))
			.update();
		return code.toString();
	}

	/** The stored form of a code as typed; empty when it cannot be a code at all. */
	Optional<String> hash(@Nullable String typed) {
		if (typed == null || typed.length() > LENGTH * 2) {
			return Optional.empty();
		}
		StringBuilder canonical = new StringBuilder();
		for (char c : typed.toUpperCase(Locale.ROOT).toCharArray()) {
			char read = switch (c) {
				case 'O' -> '0';
				case 'I', 'L' -> '1';
				default -> c;
			};
			if (ALPHABET.indexOf(read) >= 0) {
				canonical.append(read);
			}
			else if (read != '-' && !Character.isWhitespace(read)) {
				return Optional.empty();
			}
		}
		return (canonical.length() == LENGTH) ? Optional.of(this.secrets.hash("setup-code " + canonical))
				: Optional.empty();
	}

	/** Whether any code is still unspent and unexpired. */
	boolean anyLive(Instant now) {
		return this.jdbc.sql("select count(*) from setup_codes where expires_at > ?")
			.param(Timestamp.from(now))
			.query(Long.class)
			.single() > 0;
	}

	boolean live(String hash, Instant now) {
		return this.jdbc.sql("select count(*) from setup_codes where code_hash = ? and expires_at > ?")
			.params(hash, Timestamp.from(now))
			.query(Long.class)
			.single() > 0;
	}

	/** Spends one code; false if it was spent (or expired) meanwhile. */
	boolean spend(String hash, Instant now) {
		return this.jdbc.sql("delete from setup_codes where code_hash = ? and expires_at > ?")
			.params(hash, Timestamp.from(now))
			.update() == 1;
	}

	/** Spends every code: an administrator exists, so none may make another. */
	void spendAll() {
		this.jdbc.sql("delete from setup_codes").update();
	}

}
