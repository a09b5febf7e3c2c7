package dev.bastion.chat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for stored conversations, under a key derived from {@code CHAT_HISTORY_KEY}
 * (not from {@code SECRET_KEY}, so the two can be kept and rotated apart). Each
 * ciphertext is bound to its owner's account, its conversation and its role as associated
 * data: a row copied into another conversation or another account's, a conversation
 * handed to another account, or a message turned from the user's into the assistant's no
 * longer decrypts.
 */
final class HistoryCipher {

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final SecureRandom RANDOM = new SecureRandom();

	/** The prefix of values bound to their owner; older values have none. */
	private static final String BOUND = "v2:";

	private final SecretKey key;

	HistoryCipher(String historyKey) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(historyKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			this.key = new SecretKeySpec(mac.doFinal("bastion chat history v1".getBytes(StandardCharsets.UTF_8)),
					"AES");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	/**
	 * Seals a title or message of an account's conversation: {@code v2:} and Base64 of
	 * nonce and ciphertext, bound to the account, the conversation and the purpose.
	 */
	String encrypt(UUID account, UUID conversation, String purpose, String plaintext) {
		return BOUND + seal(associated(account, conversation, purpose), plaintext);
	}

	/**
	 * Opens a value sealed by {@link #encrypt} for the same account, conversation and
	 * purpose; empty when it was changed, moved to another conversation, owner or role,
	 * is in the format from before values were bound to their owner, or was sealed under
	 * another key.
	 */
	Optional<String> decrypt(UUID account, UUID conversation, String purpose, String encrypted) {
		if (!encrypted.startsWith(BOUND)) {
			return Optional.empty();
		}
		return open(associated(account, conversation, purpose), encrypted.substring(BOUND.length()));
	}

	/**
	 * Whether a stored value is in the format from before values were bound to their
	 * owner.
	 */
	static boolean isUnbound(String stored) {
		return !stored.startsWith(BOUND);
	}

	/**
	 * Re-seals a value of the older format (bound to its conversation and purpose only)
	 * for its owner; empty when it does not open. For the one-time upgrade only.
	 */
	Optional<String> bind(UUID account, UUID conversation, String purpose, String unbound) {
		return open((conversation + "/" + purpose).getBytes(StandardCharsets.UTF_8), unbound)
			.map((plaintext) -> encrypt(account, conversation, purpose, plaintext));
	}

	private String seal(byte[] associated, String plaintext) {
		try {
			byte[] nonce = new byte[NONCE_BYTES];
			RANDOM.nextBytes(nonce);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(associated);
			byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder()
				.encodeToString(ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available", ex);
		}
	}

	private Optional<String> open(byte[] associated, String base64) {
		try {
			byte[] bytes = Base64.getDecoder().decode(base64);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
			cipher.updateAAD(associated);
			return Optional
				.of(new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	private static byte[] associated(UUID account, UUID conversation, String purpose) {
		return (account + "/" + conversation + "/" + purpose).getBytes(StandardCharsets.UTF_8);
	}

}
