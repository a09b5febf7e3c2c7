package dev.bastion.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under one key kept for one purpose. Thread-safe: each tag is computed on a
 * copy of one keyed instance, which is cheaper than looking one up and keying it.
 */
public final class Hmac {

	private static final String ALGORITHM = "HmacSHA256";

	/** Keyed once, never used directly: {@link #mac()} hands out copies. */
	private final Mac keyed;

	private Hmac(byte[] key) {
		try {
			this.keyed = Mac.getInstance(ALGORITHM);
			this.keyed.init(new SecretKeySpec(key, ALGORITHM));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ALGORITHM + " is not available", ex);
		}
	}

	/** HMAC-SHA256 keyed with these bytes as they are (e.g. a configured key). */
	public static Hmac withKey(byte[] key) {
		return new Hmac(key);
	}

	/**
	 * HMAC-SHA256 under the key HKDF-SHA256 derives for {@code purpose} from {@code ikm}
	 * and {@code salt}.
	 */
	public static Hmac derived(byte[] ikm, byte[] salt, String purpose) {
		return new Hmac(Hkdf.derive(ikm, salt, purpose));
	}

	/** The 32-byte tag of the parts, taken one after the other. */
	public byte[] sign(byte[]... parts) {
		Mac mac = mac();
		for (byte[] part : parts) {
			mac.update(part);
		}
		return mac.doFinal();
	}

	/** The tag of a text's UTF-8 bytes, as 64 lower-case hex digits. */
	public String hex(String text) {
		return HexFormat.of().formatHex(sign(text.getBytes(StandardCharsets.UTF_8)));
	}

	/** Whether two tags are equal, compared in constant time. */
	public static boolean same(byte[] tag, byte[] other) {
		return MessageDigest.isEqual(tag, other);
	}

	private Mac mac() {
		try {
			return (Mac) this.keyed.clone();
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException(ALGORITHM + " cannot be copied", ex);
		}
	}

	@Override
	public String toString() {
		return "Hmac[<redacted>]";
	}

}
