package dev.bastion.account;

import java.security.SecureRandom;
import java.util.Base64;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Bastion's argon2id parameters (19 MiB, 2 iterations, 1 lane: OWASP's minimum), and new
 * hashes under them from a salt the caller drew. Spring's {@link Argon2PasswordEncoder}
 * draws its salt itself, holding the JVM-wide lock of the platform's
 * {@link SecureRandom}; a hash computed at the lowest priority must not hold that lock
 * (see {@link LowPriorityThreads}), so the salt comes from the request's thread and only
 * the hash is computed in a hashing lane. The result is Spring's encoding exactly, which
 * verifies and upgrades with Spring's encoder.
 */
final class Argon2id {

	static final int SALT_BYTES = 16;

	static final int HASH_BYTES = 32;

	static final int PARALLELISM = 1;

	static final int MEMORY_KIB = 19456;

	static final int ITERATIONS = 2;

	/**
	 * The heap one hash holds while it runs: Bouncy Castle's generator keeps its memory
	 * as one object per KiB block, each a {@code long[128]} (1,040 bytes with its header)
	 * behind a 16-byte object, about 20 MiB in all.
	 */
	static final long HEAP_BYTES = MEMORY_KIB * 1056L;

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();

	private Argon2id() {
	}

	/**
	 * Spring's encoder for these parameters: verifies hashes and says which are outdated.
	 */
	static PasswordEncoder encoder() {
		return new Argon2PasswordEncoder(SALT_BYTES, HASH_BYTES, PARALLELISM, MEMORY_KIB, ITERATIONS);
	}

	/** A fresh salt; draw it on the request's thread. */
	static byte[] salt() {
		byte[] salt = new byte[SALT_BYTES];
		RANDOM.nextBytes(salt);
		return salt;
	}

	/**
	 * {@code $argon2id$v=19$m=...,t=...,p=...$<salt>$<hash>} (unpadded Base64), as
	 * Spring's encoder writes it.
	 */
	static String hash(String password, byte[] salt) {
		Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
			.withVersion(Argon2Parameters.ARGON2_VERSION_13)
			.withSalt(salt)
			.withParallelism(PARALLELISM)
			.withMemoryAsKB(MEMORY_KIB)
			.withIterations(ITERATIONS)
			.build();
		Argon2BytesGenerator generator = new Argon2BytesGenerator();
		generator.init(parameters);
		byte[] hash = new byte[HASH_BYTES];
		generator.generateBytes(password.toCharArray(), hash);
		return encoding(salt, hash);
	}

	/**
	 * A hash in the current parameters that no password matches: a random salt and random
	 * hash bytes (a match would take guessing 256 random bits). Verifying a password
	 * against it costs exactly what verifying against a real hash does, which is all that
	 * unknown-account logins need, and making it costs nothing, where hashing a random
	 * password took every start-up a hash's time (60 ms warm, over 500 ms cold).
	 */
	static String unmatchable() {
		byte[] hash = new byte[HASH_BYTES];
		RANDOM.nextBytes(hash);
		return encoding(salt(), hash);
	}

	private static String encoding(byte[] salt, byte[] hash) {
		return "$argon2id$v=" + Argon2Parameters.ARGON2_VERSION_13 + "$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p="
				+ PARALLELISM + "$" + BASE64.encodeToString(salt) + "$" + BASE64.encodeToString(hash);
	}

}
