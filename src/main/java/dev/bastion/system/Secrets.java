package dev.bastion.system;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import org.jspecify.annotations.Nullable;

/**
 * The few cryptographic moves the modules share, each with its own key derived from
 * {@code SECRET_KEY}: keyed hashes for stored tokens (so a stolen table is useless
 * without the secret), AES-GCM bound to where a value belongs for values that must be
 * read back, and random tokens.
 */
public final class Secrets {

	private static final int GCM_NONCE_BYTES = 12;

	private static final int GCM_TAG_BITS = 128;

	private static final SecureRandom RANDOM = new SecureRandom();

	/** The prefix of values bound to their context; older values have none. */
	private static final String BOUND = "v2:";

	/** Keyed once, never used directly: {@link #hash} works on copies. */
	private final Mac hashing;

	private final SecretKey encryptionKey;

	Secrets(MasterSecret master) {
		this.encryptionKey = master.derive("bastion stored secrets", "AES");
		try {
			this.hashing = Mac.getInstance("HmacSHA256");
			this.hashing.init(master.derive("bastion token hashing", "HmacSHA256"));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	/** A new random token of {@code bytes} bytes, URL-safe Base64 without padding. */
	public static String randomToken(int bytes) {
		byte[] token = new byte[bytes];
		RANDOM.nextBytes(token);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
	}

	/** The keyed hash under which a token is stored and looked up (64 hex characters). */
	public String hash(String token) {
		try {
			// A copy of a keyed instance: cheaper than looking one up and keying it.
			Mac mac = (Mac) this.hashing.clone();
			return HexFormat.of().formatHex(mac.doFinal(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException("HmacSHA256 cannot be copied", ex);
		}
	}

	/**
	 * AES-GCM with a random nonce, bound to {@code context} as associated data: the
	 * result ({@code v2:} and Base64 of nonce and ciphertext) opens only with the same
	 * context. The context names the column and the owner ({@code accounts.totp_secret/}
	 * and the account id), so a value copied to another row or owner does not open.
	 */
	public String encrypt(String plaintext, String context) {
		try {
			byte[] nonce = new byte[GCM_NONCE_BYTES];
			RANDOM.nextBytes(nonce);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.encryptionKey, new GCMParameterSpec(GCM_TAG_BITS, nonce));
			cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
			byte[] ciphertext = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
			return BOUND + Base64.getEncoder()
				.encodeToString(
						ByteBuffer.allocate(nonce.length + ciphertext.length).put(nonce).put(ciphertext).array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available", ex);
		}
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
		return open(encrypted.substring(BOUND.length()), context);
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
		return encrypt(open(unbound, null), context);
	}

	private String open(String base64, @Nullable String context) {
		try {
			byte[] bytes = Base64.getDecoder().decode(base64);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.encryptionKey,
					new GCMParameterSpec(GCM_TAG_BITS, bytes, 0, GCM_NONCE_BYTES));
			if (context != null) {
				cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
			}
			return new String(cipher.doFinal(bytes, GCM_NONCE_BYTES, bytes.length - GCM_NONCE_BYTES),
					StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw new UnreadableSecretException(ex);
		}
	}

}
