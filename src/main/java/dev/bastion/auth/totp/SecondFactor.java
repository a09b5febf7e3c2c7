package dev.bastion.auth.totp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionOperations;

import dev.bastion.account.Account;
import dev.bastion.account.AccountManagement;
import dev.bastion.account.PasswordGuesses;
import dev.bastion.account.AccountCredentials;
import dev.bastion.account.AccountDirectory;
import dev.bastion.auth.totp.TotpEvents.TotpDisabled;
import dev.bastion.auth.totp.TotpEvents.TotpEnabled;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;
import dev.bastion.system.InvalidInputException;
import dev.bastion.crypto.Secrets;
import dev.bastion.audit.StoredDataTampered;
import dev.bastion.crypto.UnreadableSecretException;
import dev.bastion.system.Secret;

/**
 * The optional TOTP second factor: setup (inactive until a first code confirms it),
 * verification where each code and each recovery code works once, and disabling.
 */
@Service
public class SecondFactor {

	static final String COLUMN = "accounts.totp_secret";

	private final AccountDirectory accounts;

	private final AccountCredentials credentials;

	private final AccountManagement management;

	private final TotpCodes codes;

	private final RecoveryCodes recoveryCodes;

	private final Secrets secrets;

	private final ApplicationEventPublisher events;

	private final TransactionOperations transactions;

	private final PasswordGuesses guesses;

	SecondFactor(AccountDirectory accounts, AccountCredentials credentials, AccountManagement management,
			TotpCodes codes, RecoveryCodes recoveryCodes, Secrets secrets, ApplicationEventPublisher events,
			TransactionOperations transactions, PasswordGuesses guesses) {
		this.guesses = guesses;
		this.accounts = accounts;
		this.credentials = credentials;
		this.management = management;
		this.codes = codes;
		this.recoveryCodes = recoveryCodes;
		this.secrets = secrets;
		this.events = events;
		this.transactions = transactions;
	}

	/** The stored TOTP secret's context: its column and its account. */
	static String context(UUID accountId) {
		return COLUMN + "/" + accountId;
	}

	/**
	 * As {@link #verify}, for a code that re-authenticates a caller who already proved
	 * the password (a sensitive change): a wrong one counts towards the account's lock,
	 * as a wrong password does and as a wrong code at login does. Uncounted, a stolen
	 * token and a known password could guess codes until one matched.
	 */
	boolean verifyCounted(Account account, Secret code) {
		if (verify(account, code)) {
			return true;
		}
		this.guesses.failed(account);
		return false;
	}

	/**
	 * A TOTP code not used before, or an unused recovery code. A secret that does not
	 * open for this account (altered, or copied from another) matches no code.
	 */
	public boolean verify(Account account, Secret code) {
		if (account.totpSecret() == null) {
			return false;
		}
		String typed = code.reveal().strip();
		OptionalLong step = secret(account).map((plain) -> this.codes.step(plain, typed)).orElse(OptionalLong.empty());
		if (step.isPresent()) {
			return this.credentials.useTotpStep(account.id(), step.getAsLong());
		}
		return !TotpCodes.looksLikeCode(typed) && this.recoveryCodes.use(account.id(), code.reveal());
	}

	/**
	 * Starts a setup. Like every step that checks a password, it opens no transaction
	 * around the check, so that waiting for a hashing lane holds no database connection.
	 */
	Setup setup(UUID accountId, @Nullable Secret password) {
		Account account = requirePassword(accountId, password);
		if (account.totpEnabled()) {
			throw new BastionException(ErrorCode.CONFLICT,
					"Two-factor authentication is already on; disable it first.");
		}
		String secret = this.codes.newSecret();
		String sealed = this.secrets.encrypt(secret, context(accountId));
		this.credentials.storeTotpSecret(accountId, sealed, false);
		return new Setup(Secret.of(secret), Secret.of(this.codes.uri(secret, account.username())),
				Secret.of("/api/v1/auth/totp/qr-code?ticket=" + qrTicket(accountId, sealed)));
	}

	/**
	 * The {@code otpauth://} URI of a setup that waits for its first code, for a QR code,
	 * to the holder of the setup's ticket only: the QR code carries the secret, and a
	 * session alone (a stolen one) must not fetch it again and confirm first.
	 */
	Optional<String> pendingUri(UUID accountId, @Nullable String ticket) {
		Account account = existing(accountId);
		String sealed = account.totpSecret();
		if (account.totpEnabled() || sealed == null || ticket == null
				|| !MessageDigest.isEqual(qrTicket(accountId, sealed).getBytes(StandardCharsets.US_ASCII),
						ticket.getBytes(StandardCharsets.US_ASCII))) {
			return Optional.empty();
		}
		return secret(account).map((plain) -> this.codes.uri(plain, account.username()));
	}

	/**
	 * A keyed hash of the setup's sealed secret: only the setup's answer has it, and a
	 * new setup (a new sealed secret) ends it. Nothing to store, on any instance.
	 */
	private String qrTicket(UUID accountId, String sealed) {
		return this.secrets.hash("totp qr code\n" + accountId + "\n" + sealed);
	}

	@Transactional
	List<Secret> confirm(UUID accountId, @Nullable Secret code) {
		Account account = existing(accountId);
		String secret = account.totpSecret();
		if (account.totpEnabled() || secret == null) {
			throw new BastionException(ErrorCode.CONFLICT, "Start the setup first.");
		}
		OptionalLong step = secret(account)
			.map((plain) -> this.codes.step(plain, (code != null) ? code.reveal().strip() : ""))
			.orElse(OptionalLong.empty());
		if (step.isEmpty() || !this.credentials.useTotpStep(accountId, step.getAsLong())) {
			throw new InvalidInputException("totp_code", "is not the current code of your authenticator");
		}
		this.credentials.storeTotpSecret(accountId, secret, true);
		this.credentials.useTotpStep(accountId, step.getAsLong());
		this.events.publishEvent(new TotpEnabled(accountId, account.username()));
		return this.recoveryCodes.regenerate(accountId);
	}

	/** Turns the second factor off; the password is checked before the transaction. */
	void disable(UUID accountId, @Nullable Secret password, @Nullable Secret code) {
		Account account = requirePassword(accountId, password);
		this.transactions.executeWithoutResult((status) -> {
			if (!account.totpEnabled()) {
				throw new BastionException(ErrorCode.CONFLICT, "Two-factor authentication is not on.");
			}
			if (code == null || !verifyCounted(account, code)) {
				throw new InvalidInputException("totp_code", "is not a valid code");
			}
			this.credentials.clearTotp(accountId);
			this.recoveryCodes.delete(accountId);
			this.events.publishEvent(new TotpDisabled(accountId, account.username()));
		});
	}

	private Account requirePassword(UUID accountId, @Nullable Secret password) {
		Account account = existing(accountId);
		if (!this.management.passwordMatches(account, Secret.revealed(password))) {
			throw new InvalidInputException("password", "is not your current password");
		}
		return account;
	}

	/**
	 * The account's TOTP secret; empty, and reported as tampering, when it does not open
	 * for this account.
	 */
	private Optional<String> secret(Account account) {
		String sealed = account.totpSecret();
		if (sealed == null) {
			return Optional.empty();
		}
		try {
			return Optional.of(this.secrets.decrypt(sealed, context(account.id())));
		}
		catch (UnreadableSecretException ex) {
			this.events.publishEvent(new StoredDataTampered(account.id(), account.username(), COLUMN));
			return Optional.empty();
		}
	}

	private Account existing(UUID accountId) {
		return this.accounts.findById(accountId)
			.orElseThrow(() -> new BastionException(ErrorCode.NOT_FOUND, "This account no longer exists."));
	}

	/**
	 * A setup's answer: the secret, shown once, the same as an {@code otpauth://} URI,
	 * and where this setup's QR code is drawn (for the holder of this answer only, until
	 * a newer setup).
	 */
	record Setup(Secret secret, Secret otpauthUri, Secret qrCodeUrl) {

	}

}
