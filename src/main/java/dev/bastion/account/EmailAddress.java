package dev.bastion.account;

import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.bastion.system.InvalidInputException;

/**
 * An e-mail address, stored lower-case: one {@code @}, a dotted domain, no spaces or
 * control characters, at most 254 characters.
 */
public record EmailAddress(String value) {

	private static final int MAX_LENGTH = 254;

	private static final Pattern VALID = Pattern.compile(
			"[a-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+");

	public static EmailAddress of(@Nullable String text) {
		String normalized = (text != null) ? text.strip().toLowerCase(Locale.ROOT) : "";
		if (normalized.length() > MAX_LENGTH || !VALID.matcher(normalized).matches()) {
			throw new InvalidInputException("email", "must be a valid e-mail address");
		}
		return new EmailAddress(normalized);
	}

}
