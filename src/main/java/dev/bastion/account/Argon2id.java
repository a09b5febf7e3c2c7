package dev.bastion.account;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator.Block;
import org.bouncycastle.crypto.params.Argon2Parameters;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Bastion's argon2id parameters (19 MiB, 2 iterations, 1 lane: OWASP's minimum), and new
 * hashes under them from a salt the caller drew. Spring's {@link Argon2PasswordEncoder}
 * draws its salt itself, holding the JVM-wide lock of the platform's
 * {@link SecureRandom}; a hash computed at the lowest priority must not hold that lock
 * (see {@link LowPriorityThreads}), so a hashing lane draws its salts from a generator of
 * its own thread ({@link #laneSalt}). The result is Spring's encoding exactly, which
 * verifies and upgrades with Spring's encoder. New hashes and verifications (see
 * {@link PooledArgon2Encoder}) reuse the blocks of earlier hashes.
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

	/** The blocks one hash uses: its memory and a few working blocks. */
	private static final int BLOCKS_PER_HASH = Argon2BytesGenerator.getBlockCount(MEMORY_KIB, PARALLELISM);

	/**
	 * The blocks of one hash, kept from one hash to the next rather than made anew: 20
	 * MiB of new objects per hash filled the image's 192 MiB heap within a few logins, so
	 * that one login in five stopped the whole service for a full collection of 130-160
	 * ms. A hash takes them all or none, without a lock (a lock shared with the
	 * lowest-priority lane could hold up a returning user's login); a hash that runs
	 * while another has them makes its own, and the first set back is kept.
	 */
	private static final AtomicReference<@Nullable ArrayDeque<Block>> SPARE = new AtomicReference<>(new ArrayDeque<>());

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final ThreadLocal<SecureRandom> LANE_RANDOM = ThreadLocal.withInitial(Argon2id::drbg);

	private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();

	private Argon2id() {
	}

	/**
	 * The encoder for these parameters: verifies hashes and says which are outdated, as
	 * Spring's does.
	 */
	static PasswordEncoder encoder() {
		return new PooledArgon2Encoder(
				new Argon2PasswordEncoder(SALT_BYTES, HASH_BYTES, PARALLELISM, MEMORY_KIB, ITERATIONS));
	}

	/** A fresh salt from the JVM-wide generator. */
	static byte[] salt() {
		byte[] salt = new byte[SALT_BYTES];
		RANDOM.nextBytes(salt);
		return salt;
	}

	/**
	 * A fresh salt from this thread's own generator, for the hashing lanes' few
	 * long-lived threads: drawn there, a salt is only drawn for work the lane let in (a
	 * flood's refused requests draw none), and no thread waits on, or holds, the lock of
	 * the JVM-wide generator that every request's other random draws share.
	 */
	static byte[] laneSalt() {
		byte[] salt = new byte[SALT_BYTES];
		LANE_RANDOM.get().nextBytes(salt);
		return salt;
	}

	/**
	 * {@code $argon2id$v=19$m=...,t=...,p=...$<salt>$<hash>} (unpadded Base64), as
	 * Spring's encoder writes it.
	 */
	static String hash(String password, byte[] salt) {
		return encoding(salt, compute(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES));
	}

	/**
	 * The argon2id (version 1.3) hash of {@code password}, in the {@link #SPARE} blocks
	 * when no other hash has them.
	 */
	static byte[] compute(String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
		ArrayDeque<Block> spare = SPARE.getAndSet(null);
		HandOff blocks = new HandOff((spare != null) ? spare : new ArrayDeque<>());
		try {
			Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
				.withVersion(Argon2Parameters.ARGON2_VERSION_13)
				.withSalt(salt)
				.withParallelism(parallelism)
				.withMemoryAsKB(memoryKib)
				.withIterations(iterations)
				.withBlockPool(blocks)
				.build();
			Argon2BytesGenerator generator = new Argon2BytesGenerator();
			generator.init(parameters);
			byte[] hash = new byte[length];
			generator.generateBytes(password.toCharArray(), hash);
			return hash;
		}
		finally {
			SPARE.compareAndSet(null, blocks.blocks());
		}
	}

	/**
	 * Blocks for one generator, so without a lock; Bouncy Castle clears each block before
	 * it gives it back.
	 */
	private record HandOff(ArrayDeque<Block> blocks) implements Argon2BytesGenerator.BlockPool {

		@Override
		public Block allocate() {
			Block block = this.blocks.pollLast();
			return (block != null) ? block : new Block();
		}

		@Override
		public void deallocate(Block block) {
			if (this.blocks.size() < BLOCKS_PER_HASH) {
				this.blocks.addLast(block);
			}
		}

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

	private static SecureRandom drbg() {
		try {
			return SecureRandom.getInstance("DRBG");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JDK has DRBG", ex);
		}
	}

	private static String encoding(byte[] salt, byte[] hash) {
		return "$argon2id$v=" + Argon2Parameters.ARGON2_VERSION_13 + "$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p="
				+ PARALLELISM + "$" + BASE64.encodeToString(salt) + "$" + BASE64.encodeToString(hash);
	}

}
