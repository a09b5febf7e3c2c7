package dev.bastion.chat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.bastion.crypto.Aead;
import dev.bastion.crypto.Hmac;

/**
 * The keys of stored history: {@code CHAT_HISTORY_KEY}, which seals everything written,
 * and the {@code CHAT_HISTORY_PREVIOUS_KEYS} still accepted for reading while a rotation
 * re-encrypts what they sealed. Each key is known by a short id, a keyed fingerprint of
 * the key that says nothing about it, which every ciphertext names.
 */
final class HistoryKeys {

	/** Hex digits of a key id: 64 bits, ample to tell a handful of keys apart. */
	private static final int ID_BYTES = 8;

	private final Key current;

	private final Map<String, Key> byId = new LinkedHashMap<>();

	HistoryKeys(String current, List<String> previous) {
		this.current = Key.of(current);
		this.byId.put(this.current.id(), this.current);
		for (String key : previous) {
			Key older = Key.of(key);
			this.byId.putIfAbsent(older.id(), older);
		}
	}

	/** The key everything is sealed with. */
	Key current() {
		return this.current;
	}

	/** The key with this id, current or previous; null when none is configured. */
	@Nullable Key byId(String id) {
		return this.byId.get(id);
	}

	/** Every configured key, the current one first. */
	List<Key> all() {
		return new ArrayList<>(this.byId.values());
	}

	/**
	 * The key id of a configured key, as it appears in ciphertexts, e.g. to tell an
	 * operator which key a value needs.
	 */
	static String idOf(String key) {
		return Key.of(key).id();
	}

	/** One history key: its AES-GCM key and its id. */
	record Key(String id, Aead aes) {

		static Key of(String configured) {
			Hmac raw = Hmac.withKey(configured.getBytes(StandardCharsets.UTF_8));
			Aead aes = Aead.withKey(raw.sign(label("bastion chat history v1")));
			byte[] fingerprint = raw.sign(label("bastion chat history key id"));
			return new Key(HexFormat.of().formatHex(fingerprint, 0, ID_BYTES), aes);
		}

		private static byte[] label(String label) {
			return label.getBytes(StandardCharsets.UTF_8);
		}

		@Override
		public String toString() {
			return "Key[" + this.id + "]";
		}

	}

}
