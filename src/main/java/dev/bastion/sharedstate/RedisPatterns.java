package dev.bastion.sharedstate;

/** Key patterns for Redis's {@code SCAN MATCH}. */
final class RedisPatterns {

	private RedisPatterns() {
	}

	/** {@code text} as a pattern that matches only itself. */
	static String escape(String text) {
		StringBuilder pattern = new StringBuilder(text.length() + 8);
		for (char c : text.toCharArray()) {
			if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
				pattern.append('\\');
			}
			pattern.append(c);
		}
		return pattern.toString();
	}

}
