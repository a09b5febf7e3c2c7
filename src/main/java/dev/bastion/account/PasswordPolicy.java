package dev.bastion.account;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import me.gosimple.nbvcxz.Nbvcxz;
import me.gosimple.nbvcxz.matching.match.DictionaryMatch;
import me.gosimple.nbvcxz.resources.ConfigurationBuilder;
import me.gosimple.nbvcxz.resources.Dictionary;
import me.gosimple.nbvcxz.resources.DictionaryBuilder;
import me.gosimple.nbvcxz.scoring.Result;
import org.jspecify.annotations.Nullable;

import dev.bastion.system.InvalidInputException;

/**
 * NIST 800-63B style rules: a length range, no composition rules, and a refusal of
 * passwords that are common or breached, built from the username or e-mail, or too easy
 * to guess by nbvcxz's entropy estimate (offline dictionaries shipped in the library).
 */
public final class PasswordPolicy {

	private static final String BREACHED_PASSWORDS = "passwords";

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
		if (lower.contains(username) || lower.contains(email) || (mailbox.length() >= 3 && lower.contains(mailbox))) {
			throw new InvalidInputException(field, "must not contain the username or e-mail address");
		}
		Result estimate = estimator(username, mailbox).estimate(password);
		if (isCommon(estimate)) {
			throw new InvalidInputException(field, "is a commonly used or breached password");
		}
		if (estimate.getEntropy() < this.minEntropyBits) {
			throw new InvalidInputException(field, "is too easy to guess; a few unrelated words make a strong one");
		}
	}

	/**
	 * The whole password is an entry (or a leet/reversed form) of the breached-password
	 * list.
	 */
	private static boolean isCommon(Result estimate) {
		return estimate.getMatches()
			.stream()
			.anyMatch((match) -> match instanceof DictionaryMatch dictionary
					&& BREACHED_PASSWORDS.equals(dictionary.getDictionaryName())
					&& match.getToken().length() == estimate.getPassword().length());
	}

	private static Nbvcxz estimator(String username, String mailbox) {
		List<Dictionary> dictionaries = new ArrayList<>(ConfigurationBuilder.getDefaultDictionaries());
		dictionaries.add(new DictionaryBuilder().setDictionaryName("account")
			.setExclusion(true)
			.addWord(username, 0)
			.addWord(mailbox, 0)
			.addWord("bastion", 0)
			.createDictionary());
		return new Nbvcxz(new ConfigurationBuilder().setDictionaries(dictionaries).createConfiguration());
	}

}
