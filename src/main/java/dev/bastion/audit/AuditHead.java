package dev.bastion.audit;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The end of the audit chain: the last row's id and hash (id 0 and 64 zeros while the
 * chain is empty).
 */
record AuditHead(long id, String hash) {

	static final AuditHead GENESIS = new AuditHead(0, "0".repeat(64));

	/** A head with its MAC; {@link #compact()} is how operators see and give it. */
	record Signed(AuditHead head, String mac) {

		private static final Pattern COMPACT = Pattern.compile("(\\d{1,18}):([0-9a-f]{64}):([0-9a-f]{64})");

		/** {@code ID:HASH:MAC}, as in the {@code audit_anchor} log field. */
		String compact() {
			return this.head.id() + ":" + this.head.hash() + ":" + this.mac;
		}

		/**
		 * The signed head in {@code text}, or null when it is not one in the compact
		 * form.
		 */
		static @Nullable Signed parse(String text) {
			var matcher = COMPACT.matcher(text.strip());
			if (!matcher.matches()) {
				return null;
			}
			return new Signed(new AuditHead(Long.parseLong(matcher.group(1)), matcher.group(2)), matcher.group(3));
		}

	}

}
