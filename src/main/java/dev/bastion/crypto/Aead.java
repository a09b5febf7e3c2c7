package dev.bastion.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM (12-byte nonce, 128-bit tag) under one key kept for one purpose: what is
 * sealed opens only unchanged, under the same key and with the same associated data.
 * Thread-safe.
 */
public final class Aead {

	/** Bytes of a nonce. */
	public static final int NONCE_BYTES = 12;

	/** Bytes the tag adds to every sealed value. */
	public static final int TAG_BYTES = 16;

	private static final String TRANSFORMATION = "AES/GCM/NoPadding";

	private static final byte[] NOTHING = new byte[0];

	private static final SecureRandom RANDOM = new SecureRandom();

	private final SecretKey key;

	private Aead(byte[] key) {
		this.key = new SecretKeySpec(key, "AES");
	}

	/** AES-GCM keyed with these 32 bytes as they are. */
	public static Aead withKey(byte[] key) {
		return new Aead(key);
	}

	/**
	 * AES-GCM under the key HKDF-SHA256 derives for {@code purpose} from {@code ikm} and
	 * {@code salt}.
	 */
	public static Aead derived(byte[] ikm, byte[] salt, String purpose) {
		return new Aead(Hkdf.derive(ikm, salt, purpose));
	}

	/**
	 * Ciphertext and tag of {@code length} bytes of {@code plaintext} from
	 * {@code offset}.
	 */
	public byte[] seal(byte[] nonce, byte[] associated, byte[] plaintext, int offset, int length) {
		try {
			return cipher(Cipher.ENCRYPT_MODE, nonce, associated).doFinal(plaintext, offset, length);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available", ex);
		}
	}

	/**
	 * The plaintext of what {@link #seal} made with this nonce and associated data; empty
	 * when it was changed or sealed under another key, nonce or associated data.
	 */
	public Optional<byte[]> open(byte[] nonce, byte[] associated, byte[] sealed) {
		try {
			return Optional.of(cipher(Cipher.DECRYPT_MODE, nonce, associated).doFinal(sealed));
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Seals a text under a random nonce: Base64 of the nonce followed by ciphertext and
	 * tag.
	 */
	public String sealText(byte[] associated, String plaintext) {
		byte[] nonce = new byte[NONCE_BYTES];
		RANDOM.nextBytes(nonce);
		byte[] plain = plaintext.getBytes(StandardCharsets.UTF_8);
		byte[] sealed = seal(nonce, associated, plain, 0, plain.length);
		return Base64.getEncoder()
			.encodeToString(ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
	}

	/**
	 * Opens what {@link #sealText} made with the same associated data; empty when it is
	 * not Base64, was changed, or was sealed under another key or associated data.
	 */
	public Optional<String> openText(byte[] associated, String base64) {
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(base64);
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
		if (bytes.length < NONCE_BYTES + TAG_BYTES) {
			return Optional.empty();
		}
		byte[] nonce = Arrays.copyOf(bytes, NONCE_BYTES);
		byte[] sealed = Arrays.copyOfRange(bytes, NONCE_BYTES, bytes.length);
		return open(nonce, associated, sealed).map((plain) -> new String(plain, StandardCharsets.UTF_8));
	}

	/** Without associated data: only for values written before values were bound. */
	Optional<String> openUnbound(String base64) {
		return openText(NOTHING, base64);
	}

	private Cipher cipher(int mode, byte[] nonce, byte[] associated) throws GeneralSecurityException {
		Cipher cipher = Cipher.getInstance(TRANSFORMATION);
		cipher.init(mode, this.key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
		if (associated.length > 0) {
			cipher.updateAAD(associated);
		}
		return cipher;
	}

	@Override
	public String toString() {
		return "Aead[<redacted>]";
	}

}
