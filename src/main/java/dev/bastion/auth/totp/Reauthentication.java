package dev.bastion.auth.totp;

import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import dev.bastion.account.Account;
import dev.bastion.account.AccountManagement;
import dev.bastion.account.AccountDirectory;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;
import dev.bastion.system.InvalidInputException;
import dev.bastion.system.Secret;

/**
 * Proof of presence before making a lasting credential: a token or a browser session
 * lives an hour, so it must not be enough to mint a key that lives for ever. Asks for the
 * password, and for the second factor when the account has one; missing answers are
 * refused before any hashing.
 */
@Component
public class Reauthentication {

	static final String PASSWORD_FIELD = "current_password";

	static final String CODE_FIELD = "totp_code";

	private final AccountDirectory accounts;

	private final AccountManagement management;

	private final SecondFactor secondFactor;

	Reauthentication(AccountDirectory accounts, AccountManagement management, SecondFactor secondFactor) {
		this.accounts = accounts;
		this.management = management;
		this.secondFactor = secondFactor;
	}

	/** The account, once its password (and current code, when on) is given. */
	public Account confirm(UUID accountId, @Nullable Secret password, @Nullable Secret totpCode) {
		Account account = this.accounts.findById(accountId)
			.orElseThrow(() -> new BastionException(ErrorCode.NOT_FOUND, "This account no longer exists."));
		if (password == null || password.reveal().isEmpty()) {
			throw new InvalidInputException(PASSWORD_FIELD, "is required");
		}
		boolean codeNeeded = account.totpEnabled();
		if (codeNeeded && (totpCode == null || totpCode.reveal().isBlank())) {
			throw new InvalidInputException(CODE_FIELD, "is required when two-factor authentication is on");
		}
		Account verified = this.management.verifyPassword(accountId, password.reveal(), PASSWORD_FIELD);
		if (codeNeeded && !this.secondFactor.verifyCounted(verified, Objects.requireNonNull(totpCode))) {
			throw new InvalidInputException(CODE_FIELD, "is not a valid code");
		}
		return verified;
	}

}
