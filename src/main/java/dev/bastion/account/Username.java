package dev.bastion.account;

import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.bastion.system.InvalidInputException;

/**
 * A username: 3 to 50 of {@code A-Z a-z 0-9 _ . -}, stored lower-case, and not in the
 * form of an account id: the admin command line takes an id or a username, and a username
 * that was another account's id would make it act on that account.
 */
public record Username(String value) {

	private static final Pattern VALID = Pattern.compile("[a-z0-9_.-]{3,50}");

	public static Username of(@org.jspecify.annotations.Nullable String text) {
		String normalized = (text != null) ? text.strip().toLowerCase(Locale.ROOT) : "";
		if (!VALID.matcher(normalized).matches()) {
			throw new InvalidInputException("username", "must be 3 to 50 letters, digits, '_', '.' or '-'");
		}
		if (looksLikeId(normalized)) {
			throw new InvalidInputException("username", "must not have the form of an account id");
		}
		return new Username(normalized);
	}

	/**
	 * Whether {@link UUID#fromString} reads {@code text} as an id: five groups of hex
	 * digits, as short as {@code 1-2-3-4-5}.
	 */
	static boolean looksLikeId(String text) {
		// Every id has four dashes: the rest are answered without the cost of an
		// exception, which every registration would pay.
		if (text.chars().filter((c) -> c == '-').count() != 4) {
			return false;
		}
		try {
			UUID.fromString(text);
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
