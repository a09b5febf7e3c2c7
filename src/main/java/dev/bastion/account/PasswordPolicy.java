package dev.bastion.account;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import me.gosimple.nbvcxz.Nbvcxz;
import me.gosimple.nbvcxz.resources.ConfigurationBuilder;
import me.gosimple.nbvcxz.resources.Dictionary;
import me.gosimple.nbvcxz.resources.DictionaryBuilder;
import org.jspecify.annotations.Nullable;

import dev.bastion.system.InvalidInputException;

/**
 * NIST 800-63B style rules: a length range, no composition rules, and a refusal of
 * passwords that are breached (nbvcxz's offline list of the 100,000 most common), built
 * from the username or e-mail, or too easy to guess by nbvcxz's entropy estimate.
 */
public final class PasswordPolicy {

	private static final int MIN_MAILBOX_CHECKED = 3;

	private final int minLength;

	private final int maxLength;

	private final double minEntropyBits;

	PasswordPolicy(int minLength, int maxLength, double minEntropyBits) {
		this.minLength = minLength;
		this.maxLength = maxLength;
		this.minEntropyBits = minEntropyBits;
	}

	/**
	 * Checks a new password for this account; the message names the rule, never the
	 * password.
	 */
	public void check(@Nullable String password, String username, String email, String field) {
		if (password == null || password.codePointCount(0, password.length()) < this.minLength) {
			throw new InvalidInputException(field, "must be at least " + this.minLength + " characters");
		}
		if (password.codePointCount(0, password.length()) > this.maxLength) {
			throw new InvalidInputException(field, "must be at most " + this.maxLength + " characters");
		}
		String lower = password.toLowerCase(Locale.ROOT);
		String mailbox = email.substring(0, Math.max(0, email.indexOf('@')));
		if (lower.contains(username) || lower.contains(email)
				|| (mailbox.length() >= MIN_MAILBOX_CHECKED && lower.contains(mailbox))) {
			throw new InvalidInputException(field, "must not contain the username or e-mail address");
		}
		if (Dictionaries.BREACHED_PASSWORDS.containsKey(lower)) {
			throw new InvalidInputException(field, "is a commonly used or breached password");
		}
		if (estimator(username, mailbox).estimate(password).getEntropy() < this.minEntropyBits) {
			throw new InvalidInputException(field, "is too easy to guess; a few unrelated words make a strong one");
		}
	}

	private static Nbvcxz estimator(String username, String mailbox) {
		List<Dictionary> dictionaries = new ArrayList<>(Dictionaries.DEFAULTS);
		dictionaries.add(new DictionaryBuilder().setDictionaryName("account")
			.setExclusion(true)
			.addWord(username, 0)
			.addWord(mailbox, 0)
			.addWord("bastion", 0)
			.createDictionary());
		return new Nbvcxz(new ConfigurationBuilder().setDictionaries(dictionaries).createConfiguration());
	}

	/**
	 * nbvcxz's dictionaries, loaded when the first password is checked rather than when
	 * the service starts: reading and sorting them took about a tenth of the start-up's
	 * main thread (issue 18), for a check that only sign-up, password change and reset
	 * make. A holder class, so that the JVM loads them once, thread-safely.
	 */
	private static final class Dictionaries {

		static final List<Dictionary> DEFAULTS = ConfigurationBuilder.getDefaultDictionaries();

		static final Map<String, Integer> BREACHED_PASSWORDS = DEFAULTS.stream()
			.filter((dictionary) -> "passwords".equals(dictionary.getDictionaryName()))
			.findFirst()
			.orElseThrow()
			.getDictonary();

	}

}
