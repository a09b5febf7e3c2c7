package dev.bastion.account;

import java.util.Locale;
import java.util.regex.Pattern;

import dev.bastion.system.InvalidInputException;

/**
 * A username: 3 to 50 of {@code A-Z a-z 0-9 _ . -}, stored lower-case.
 */
public record Username(String value) {

	private static final Pattern VALID = Pattern.compile("[a-z0-9_.-]{3,50}");

	public static Username of(@org.jspecify.annotations.Nullable String text) {
		String normalized = (text != null) ? text.strip().toLowerCase(Locale.ROOT) : "";
		if (!VALID.matcher(normalized).matches()) {
			throw new InvalidInputException("username", "must be 3 to 50 letters, digits, '_', '.' or '-'");
		}
		return new Username(normalized);
	}

}
