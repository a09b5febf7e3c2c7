package dev.bastion.account;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.bastion.system.InvalidInputException;

/**
 * An e-mail address, stored lower-case: a local part of the usual characters, one
 * {@code @}, a domain of at least two labels, at most 254 characters in all. Checked
 * piece by piece with bounded patterns, so no input can make the check slow.
 */
public record EmailAddress(String value) {

	private static final int MAX_LENGTH = 254;

	private static final Pattern LOCAL_PART = Pattern.compile("[a-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}");

	private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

	public static EmailAddress of(@Nullable String text) {
		String normalized = (text != null) ? text.strip().toLowerCase(Locale.ROOT) : "";
		if (normalized.length() > MAX_LENGTH || !isValid(normalized)) {
			throw new InvalidInputException("email", "must be a valid e-mail address");
		}
		return new EmailAddress(normalized);
	}

	private static boolean isValid(String address) {
		int at = address.indexOf('@');
		if (at < 1 || at != address.lastIndexOf('@') || !LOCAL_PART.matcher(address.substring(0, at)).matches()) {
			return false;
		}
		List<String> labels = List.of(address.substring(at + 1).split("\\.", -1));
		return labels.size() >= 2 && labels.stream().allMatch((label) -> LABEL.matcher(label).matches());
	}

}
