package dev.bastion.chat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bastion.crypto.Aead;

/**
 * AES-256-GCM for stored conversations, under keys derived from {@code CHAT_HISTORY_KEY}
 * (not from {@code SECRET_KEY}, so the two can be kept and rotated apart). Each
 * ciphertext is bound to its owner's account, its conversation and its role as associated
 * data: a row copied into another conversation or another account's, a conversation
 * handed to another account, or a message turned from the user's into the assistant's no
 * longer decrypts. Each ciphertext names the key that sealed it ({@code v3:<key id>:}),
 * so that a rotation can find what is still under an older key while both are accepted.
 */
final class HistoryCipher {

	private static final Logger logger = LoggerFactory.getLogger(HistoryCipher.class);

	/** Values that name their key: {@code v3:<key id>:<Base64>}. */
	private static final String KEYED = "v3:";

	/** Values bound to their owner that do not name their key (written before 0.2.0). */
	private static final String BOUND = "v2:";

	private final HistoryKeys keys;

	/** Key ids found in stored values but not configured, each reported once. */
	private final Set<String> missing = ConcurrentHashMap.newKeySet();

	HistoryCipher(String historyKey) {
		this(new HistoryKeys(historyKey, List.of()));
	}

	HistoryCipher(HistoryKeys keys) {
		this.keys = keys;
	}

	/**
	 * Seals a title or message of an account's conversation under the current key:
	 * {@code v3:}, the key id, {@code :} and Base64 of nonce and ciphertext, bound to the
	 * account, the conversation and the purpose.
	 */
	String encrypt(UUID account, UUID conversation, String purpose, String plaintext) {
		HistoryKeys.Key key = this.keys.current();
		return KEYED + key.id() + ":" + seal(key.aes(), associated(account, conversation, purpose), plaintext);
	}

	/**
	 * Opens a value sealed by {@link #encrypt} for the same account, conversation and
	 * purpose, under the current key or a previous one; empty when it was changed, moved
	 * to another conversation, owner or role, is in the format from before values were
	 * bound to their owner, or was sealed under a key that is not configured.
	 */
	Optional<String> decrypt(UUID account, UUID conversation, String purpose, String encrypted) {
		byte[] associated = associated(account, conversation, purpose);
		if (encrypted.startsWith(KEYED)) {
			String id = keyId(encrypted);
			if (id == null) {
				return Optional.empty();
			}
			HistoryKeys.Key key = this.keys.byId(id);
			if (key == null) {
				missingKey(id);
				return Optional.empty();
			}
			return open(key.aes(), associated, encrypted.substring(KEYED.length() + id.length() + 1));
		}
		if (encrypted.startsWith(BOUND)) {
			// Written before values named their key: whichever configured key opens it.
			for (HistoryKeys.Key key : this.keys.all()) {
				Optional<String> opened = open(key.aes(), associated, encrypted.substring(BOUND.length()));
				if (opened.isPresent()) {
					return opened;
				}
			}
		}
		return Optional.empty();
	}

	private void missingKey(String id) {
		if (id.matches("[0-9a-f]{16}") && this.missing.add(id)) {
			logger.warn("Stored history sealed under key id {} cannot be read: that key is neither CHAT_HISTORY_KEY "
					+ "nor among CHAT_HISTORY_PREVIOUS_KEYS", id);
		}
	}

	/**
	 * The id of the key a stored value names; null when it names none (written before
	 * 0.2.0, or not a value of this format).
	 */
	static @Nullable String keyId(String stored) {
		int end = stored.indexOf(':', KEYED.length());
		return (stored.startsWith(KEYED) && end > 0) ? stored.substring(KEYED.length(), end) : null;
	}

	/** The prefix of every value sealed under the current key. */
	String currentPrefix() {
		return KEYED + this.keys.current().id() + ":";
	}

	/**
	 * Whether a stored value is in the format from before values were bound to their
	 * owner.
	 */
	static boolean isUnbound(String stored) {
		return !stored.startsWith(BOUND) && !stored.startsWith(KEYED);
	}

	/**
	 * Re-seals a value of the older format (bound to its conversation and purpose only)
	 * for its owner; empty when it does not open. For the one-time upgrade only.
	 */
	Optional<String> bind(UUID account, UUID conversation, String purpose, String unbound) {
		byte[] associated = (conversation + "/" + purpose).getBytes(StandardCharsets.UTF_8);
		for (HistoryKeys.Key key : this.keys.all()) {
			Optional<String> opened = open(key.aes(), associated, unbound);
			if (opened.isPresent()) {
				return Optional.of(encrypt(account, conversation, purpose, opened.get()));
			}
		}
		return Optional.empty();
	}

	private static String seal(Aead key, byte[] associated, String plaintext) {
		return key.sealText(associated, plaintext);
	}

	private static Optional<String> open(Aead key, byte[] associated, String base64) {
		return key.openText(associated, base64);
	}

	private static byte[] associated(UUID account, UUID conversation, String purpose) {
		return (account + "/" + conversation + "/" + purpose).getBytes(StandardCharsets.UTF_8);
	}

}
