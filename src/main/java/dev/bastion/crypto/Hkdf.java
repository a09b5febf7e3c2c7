package dev.bastion.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import javax.crypto.KDF;
import javax.crypto.spec.HKDFParameterSpec;

/**
 * HKDF-SHA256 (RFC 5869): one 256-bit key per purpose, so that a key leaked from one use
 * says nothing about another.
 */
final class Hkdf {

	static final int KEY_BYTES = 32;

	private Hkdf() {
	}

	/** The key for {@code purpose} (the HKDF info), from {@code ikm} and {@code salt}. */
	static byte[] derive(byte[] ikm, byte[] salt, String purpose) {
		try {
			return KDF.getInstance("HKDF-SHA256")
				.deriveData(HKDFParameterSpec.ofExtract()
					.addIKM(ikm)
					.addSalt(salt)
					.thenExpand(purpose.getBytes(StandardCharsets.UTF_8), KEY_BYTES));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HKDF-SHA256 is not available", ex);
		}
	}

}
