package dev.bastion.websession;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bastion.crypto.Secrets;
import dev.bastion.crypto.UnreadableSecretException;

/**
 * What a browser session looks like at rest: its id only as a keyed hash (the cookie's
 * value cannot be read back from the table), and each attribute value only as AES-GCM
 * ciphertext bound to that hash and the attribute's name, so a value copied to another
 * row or attribute does not open.
 */
final class SessionSeal {

	private static final Logger logger = LoggerFactory.getLogger(SessionSeal.class);

	/** 128 random bits, written as 32 upper-case hex digits (the container's format). */
	private static final int ID_BYTES = 16;

	private static final Pattern ID = Pattern.compile("[0-9A-F]{32}");

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Secrets secrets;

	SessionSeal(Secrets secrets) {
		this.secrets = secrets;
	}

	/** A new session id: the value of the session cookie, never stored. */
	static String newId() {
		byte[] id = new byte[ID_BYTES];
		RANDOM.nextBytes(id);
		return HexFormat.of().withUpperCase().formatHex(id);
	}

	/**
	 * Whether a cookie's value can be a session id at all (anything else costs no query).
	 */
	static boolean isWellFormed(String id) {
		return ID.matcher(id).matches();
	}

	/** The key under which the session with this id is stored. */
	String storedId(String id) {
		return this.secrets.hash(id);
	}

	String seal(String storedId, String attribute, String value) {
		return this.secrets.encrypt(value, context(storedId, attribute));
	}

	/**
	 * The value, or null when it does not open: changed, moved from another session, or
	 * sealed under another {@code SECRET_KEY}. Such a session simply has no value there.
	 */
	@Nullable String open(String storedId, String attribute, String sealed) {
		try {
			return this.secrets.decrypt(sealed, context(storedId, attribute));
		}
		catch (UnreadableSecretException ex) {
			logger.warn("A stored web session attribute does not open with this SECRET_KEY; it is ignored");
			return null;
		}
	}

	private static String context(String storedId, String attribute) {
		return "spring_session_attributes/" + storedId + "/" + attribute;
	}

}
