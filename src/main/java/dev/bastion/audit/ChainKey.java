package dev.bastion.audit;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import dev.bastion.crypto.Hmac;
import dev.bastion.crypto.MasterSecret;

/**
 * The audit chain key (derived from {@code SECRET_KEY}): it hashes each row over the
 * previous row's hash, and signs the head, so that without the secret neither a row nor
 * the pointer to the last one can be made up.
 */
final class ChainKey {

	/** Starts every signed head; a row's input starts with 64 hex digits instead. */
	private static final String HEAD_LABEL = "audit head";

	private final Hmac key;

	ChainKey(MasterSecret secret) {
		this.key = secret.hmac("bastion audit chain");
	}

	/** HMAC-SHA256 of the fields, joined by the unit separator, as 64 hex digits. */
	String mac(String... fields) {
		return this.key.hex(String.join("\u001f", fields));
	}

	AuditHead.Signed sign(AuditHead head) {
		return new AuditHead.Signed(head, mac(HEAD_LABEL, Long.toString(head.id()), head.hash()));
	}

	/** Whether {@code mac} is this deployment's signature of {@code head}. */
	boolean signed(AuditHead head, @Nullable String mac) {
		return mac != null && same(sign(head).mac(), mac);
	}

	/** Compares two MACs in constant time. */
	static boolean same(String mac, String other) {
		return Hmac.same(mac.getBytes(StandardCharsets.US_ASCII), other.getBytes(StandardCharsets.US_ASCII));
	}

}
