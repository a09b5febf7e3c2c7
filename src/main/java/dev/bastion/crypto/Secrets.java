package dev.bastion.crypto;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The few cryptographic moves the modules share, each with its own key derived from
 * {@code SECRET_KEY}: keyed hashes for stored tokens (so a stolen table is useless
 * without the secret), AES-GCM bound to where a value belongs for values that must be
 * read back, and random tokens.
 */
public final class Secrets {

	private static final SecureRandom RANDOM = new SecureRandom();

	/** The prefix of values bound to their context; older values have none. */
	private static final String BOUND = "v2:";

	private final Hmac hashing;

	private final Aead encryption;

	Secrets(MasterSecret master) {
		this.encryption = master.aead("bastion stored secrets");
		this.hashing = master.hmac("bastion token hashing");
	}

	/** A new random token of {@code bytes} bytes, URL-safe Base64 without padding. */
	public static String randomToken(int bytes) {
		byte[] token = new byte[bytes];
		RANDOM.nextBytes(token);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
	}

	/** The keyed hash under which a token is stored and looked up (64 hex characters). */
	public String hash(String token) {
		return this.hashing.hex(token);
	}

	/**
	 * AES-GCM with a random nonce, bound to {@code context} as associated data: the
	 * result ({@code v2:} and Base64 of nonce and ciphertext) opens only with the same
	 * context. The context names the column and the owner ({@code accounts.totp_secret/}
	 * and the account id), so a value copied to another row or owner does not open.
	 */
	public String encrypt(String plaintext, String context) {
		return BOUND + this.encryption.sealText(context.getBytes(StandardCharsets.UTF_8), plaintext);
	}

	/**
	 * Reverses {@link #encrypt} for the same context; fails if the value was changed,
	 * moved from another row or owner, written before values were bound to their context,
	 * or encrypted under another SECRET_KEY.
	 */
	public String decrypt(String encrypted, String context) {
		if (!encrypted.startsWith(BOUND)) {
			throw new UnreadableSecretException();
		}
		return this.encryption.openText(context.getBytes(StandardCharsets.UTF_8), encrypted.substring(BOUND.length()))
			.orElseThrow(UnreadableSecretException::new);
	}

	/**
	 * Whether a stored value was encrypted before values were bound to their context (it
	 * has no version prefix).
	 */
	public static boolean isUnbound(String stored) {
		return !stored.startsWith(BOUND);
	}

	/**
	 * Re-encrypts a value written before values were bound to their context (AES-GCM
	 * without associated data) under that context; for the one-time upgrade of stored
	 * values only, after which such values are refused.
	 */
	public String bind(String unbound, String context) {
		return encrypt(this.encryption.openUnbound(unbound).orElseThrow(UnreadableSecretException::new), context);
	}

}
