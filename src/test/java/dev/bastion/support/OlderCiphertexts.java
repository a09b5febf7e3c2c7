package dev.bastion.support;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.KDF;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.HKDFParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypted values as the versions before context binding stored them, written here
 * independently of Bastion's code, to plant them in a database by SQL.
 */
public final class OlderCiphertexts {

	private static final SecureRandom RANDOM = new SecureRandom();

	private OlderCiphertexts() {
	}

	/**
	 * A TOTP secret or signing key: AES-GCM under the stored-secrets key, no associated
	 * data.
	 */
	public static String storedSecret(SecretKey key, String plaintext) {
		return seal(key, null, plaintext);
	}

	/**
	 * The key older versions encrypted stored secrets with: HKDF-SHA256 of the master
	 * secret, salt {@code bastion}, info {@code bastion stored secrets}.
	 */
	public static SecretKey storedSecretsKey(byte[] masterSecret) {
		return derived(masterSecret, "bastion stored secrets", "AES");
	}

	/**
	 * A key derived from the master secret the way every Bastion version has:
	 * HKDF-SHA256, salt {@code bastion}, info the purpose, 32 bytes.
	 */
	public static SecretKey derived(byte[] masterSecret, String purpose, String algorithm) {
		try {
			return KDF.getInstance("HKDF-SHA256")
				.deriveKey(algorithm,
						HKDFParameterSpec.ofExtract()
							.addIKM(masterSecret)
							.addSalt("bastion".getBytes(StandardCharsets.UTF_8))
							.thenExpand(purpose.getBytes(StandardCharsets.UTF_8), 32));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A history message or title: bound to its conversation and purpose only. */
	public static String history(String historyKey, UUID conversation, String purpose, String plaintext) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(historyKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			SecretKey key = new SecretKeySpec(mac.doFinal("bastion chat history v1".getBytes(StandardCharsets.UTF_8)),
					"AES");
			return seal(key, (conversation + "/" + purpose).getBytes(StandardCharsets.UTF_8), plaintext);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String seal(SecretKey key, byte[] associated, String plaintext) {
		try {
			byte[] nonce = new byte[12];
			RANDOM.nextBytes(nonce);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
			if (associated != null) {
				cipher.updateAAD(associated);
			}
			byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder()
				.encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
