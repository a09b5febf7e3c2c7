package dev.bastion.account;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionOperations;

import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;
import dev.bastion.system.InvalidInputException;

/**
 * Creating, changing, exporting and erasing accounts. Every password hash and check runs
 * in a hashing lane ({@link Passwords}); this class opens no transaction around one, so
 * that a registration or a password change waiting for a lane holds no database
 * connection.
 */
@Service
public final class AccountManagement {

	private static final int MAX_BIO = 500;

	private static final int MAX_DISPLAY_NAME = 100;

	private static final String TAKEN = "That username or e-mail address is already taken.";

	private final Accounts accounts;

	private final PasswordHistory history;

	private final Passwords passwords;

	private final PasswordGuesses guesses;

	private final AccountProperties properties;

	private final List<ExportContributor> exports;

	private final ApplicationEventPublisher events;

	private final TransactionOperations transactions;

	private final Clock clock;

	private final AdminRoster roster;

	private final SetupCodes setupCodes;

	private final PasswordChangeGate gate;

	AccountManagement(Accounts accounts, PasswordHistory history, Passwords passwords, PasswordGuesses guesses,
			AccountProperties properties, List<ExportContributor> exports, ApplicationEventPublisher events,
			TransactionOperations transactions, Clock clock, AdminRoster roster, SetupCodes setupCodes,
			PasswordChangeGate gate) {
		this.gate = gate;
		this.roster = roster;
		this.setupCodes = setupCodes;
		this.accounts = accounts;
		this.history = history;
		this.passwords = passwords;
		this.guesses = guesses;
		this.properties = properties;
		this.exports = exports;
		this.events = events;
		this.transactions = transactions;
		this.clock = clock;
	}

	/**
	 * An active user, whatever {@code REGISTRATION} says: for callers that decided
	 * already ({@link Registrations} decides for sign-ups).
	 */
	public Profile register(@Nullable String username, @Nullable String email, @Nullable String password) {
		return create(Username.of(username), EmailAddress.of(email), password, Role.USER, false, (account) -> {
		});
	}

	/**
	 * An active administrator (the command line's {@code create-admin}); the setup codes
	 * are spent, since an administrator now exists.
	 */
	public Profile createAdmin(String username, String email, String password) {
		return create(Username.of(username), EmailAddress.of(email), password, Role.ADMIN, false,
				(account) -> this.setupCodes.spendAll());
	}

	/**
	 * A taken name or address is refused before the password costs anything; the unique
	 * constraints still decide between two registrations that race. {@code andThen} runs
	 * in the transaction that stores the account, after it: throwing there undoes it.
	 */
	Profile create(Username username, EmailAddress email, @Nullable String password, Role role, boolean pending,
			Consumer<Account> andThen) {
		if (this.accounts.taken(username.value(), email.value())) {
			throw new BastionException(ErrorCode.CONFLICT, TAKEN);
		}
		String hash = this.passwords.hashNew(password, username.value(), email.value(), "password");
		Instant now = this.clock.instant();
		// Token times have whole seconds: tokens from this very second must count as
		// after creation.
		Instant tokensValidAfter = now.truncatedTo(ChronoUnit.SECONDS);
		Account account = new Account(UUID.randomUUID(), username.value(), email.value(), hash, null, null, role, true,
				pending, null, false, 0, tokensValidAfter, now, now, false);
		try {
			this.transactions.executeWithoutResult((status) -> {
				this.accounts.insert(account);
				this.history.add(account.id(), hash, now);
				andThen.accept(account);
			});
		}
		catch (DuplicateKeyException ex) {
			throw new BastionException(ErrorCode.CONFLICT, TAKEN);
		}
		return Profile.of(account);
	}

	public Profile profile(UUID id) {
		return Profile.of(existing(id));
	}

	public Profile updateProfile(UUID id, @Nullable String email, @Nullable String displayName, @Nullable String bio,
			@Nullable String currentPassword) {
		Account account = existing(id);
		String newEmail = (email != null) ? EmailAddress.of(email).value() : account.email();
		String newName = (displayName != null) ? bounded("display_name", displayName.strip(), MAX_DISPLAY_NAME)
				: account.displayName();
		String newBio = (bio != null) ? bounded("bio", bio, MAX_BIO) : account.bio();
		if (!newEmail.equals(account.email())) {
			// The address receives password resets: changing it needs proof, not just a
			// token.
			verifyPassword(id, currentPassword, "current_password");
		}
		try {
			this.accounts.updateProfile(id, newEmail, newName, newBio, this.clock.instant());
		}
		catch (DuplicateKeyException ex) {
			throw new BastionException(ErrorCode.CONFLICT, "That e-mail address is already taken.");
		}
		return profile(id);
	}

	/**
	 * Re-authentication: whether {@code password} is the account's password. Refused with
	 * {@code 429 ACCOUNT_LOCKED} while the account is locked, before any hashing; a wrong
	 * password counts towards the account's lock, exactly like a failed login. Upgrades
	 * the stored hash when the hashing parameters changed.
	 */
	public boolean passwordMatches(Account account, @Nullable String password) {
		this.guesses.refuseIfLocked(account);
		PasswordCheck check = this.passwords.check(account, password, false);
		// Guesses made in parallel may have locked the account meanwhile: then this
		// one's outcome must not be revealed.
		this.guesses.refuseIfLocked(account);
		if (!check.matches()) {
			this.guesses.failed(account);
			return false;
		}
		upgradeOutdatedHash(account, password, check);
		return true;
	}

	/**
	 * A login's password check, in the lane of its client: only computes, and takes the
	 * same time for unknown accounts. Refused with {@code 503} when the lane is full.
	 */
	public PasswordCheck checkPassword(@Nullable Account account, @Nullable String password, boolean knownDevice) {
		return this.passwords.check(account, password, knownDevice);
	}

	/**
	 * Re-hashes a password {@code check} found right but stored with outdated parameters;
	 * unless the password changed in the meantime, or the hashing lane is full (then the
	 * next login tries again).
	 */
	public void upgradeOutdatedHash(Account account, @Nullable String password, PasswordCheck check) {
		if (check == PasswordCheck.RIGHT_WITH_OUTDATED_HASH && password != null) {
			this.passwords.rehash(password)
				.ifPresent((upgraded) -> this.accounts.upgradePasswordHash(account.id(), account.passwordHash(),
						upgraded, this.clock.instant()));
		}
	}

	/** What {@link #checkPassword} found. */
	public enum PasswordCheck {

		WRONG, RIGHT, RIGHT_WITH_OUTDATED_HASH;

		public boolean matches() {
			return this != WRONG;
		}

	}

	/**
	 * Sets a new password after the policy and history checks; the caller has proven who
	 * it is.
	 */
	public void setPassword(UUID id, @Nullable String newPassword, String field) {
		Account account = existing(id);
		int count = this.properties.passwordHistoryCount();
		String hash = this.passwords.hashReplacement(newPassword, account, this.history.latest(id, count), count,
				field);
		Instant now = this.clock.instant();
		this.transactions.executeWithoutResult((status) -> {
			this.accounts.updatePasswordHash(id, hash, now);
			this.history.add(id, hash, now);
			this.history.trim(id, count);
		});
		this.gate.changed(id);
	}

	/**
	 * Proof of presence for sensitive changes: refuses unless {@code password} is the
	 * current one (see {@link #passwordMatches}).
	 */
	public Account verifyPassword(UUID id, @Nullable String password, String field) {
		Account account = existing(id);
		if (!passwordMatches(account, password)) {
			throw new InvalidInputException(field, "is not your current password");
		}
		return account;
	}

	/**
	 * Deactivates or reactivates an account; a deactivated account cannot log in. The
	 * last active administrator cannot be deactivated ({@code 409}).
	 */
	public Profile setActive(UUID id, boolean active) {
		// A transaction template rather than @Transactional, which would put a proxy in
		// front of every call (and a reflective wrapper around every exception).
		this.transactions.executeWithoutResult((status) -> {
			Account account = existing(id);
			if (!active) {
				this.roster.refuseToRemoveLast(account);
			}
			this.accounts.setActive(id, active, this.clock.instant());
		});
		return profile(id);
	}

	/**
	 * By id, or by username or e-mail address (usernames in the form of an id are refused
	 * since 2026-12-07; one made before is found when no account has it as its id).
	 */
	public Account find(String idOrLogin) {
		String login = idOrLogin.strip().toLowerCase(java.util.Locale.ROOT);
		java.util.Optional<Account> found = Username.looksLikeId(login) ? this.accounts.findById(UUID.fromString(login))
				: java.util.Optional.empty();
		return found.or(() -> this.accounts.findByLogin(login))
			.orElseThrow(() -> new BastionException(ErrorCode.NOT_FOUND, "There is no such account."));
	}

	/**
	 * Erases the caller's own account; never the last active administrator ({@code 409}),
	 * as an administrator's deletion of it is refused.
	 */
	public void delete(UUID id, @Nullable String password) {
		Account account = verifyPassword(id, password, "password");
		this.transactions.executeWithoutResult((status) -> {
			this.roster.refuseToRemoveLast(account);
			this.accounts.delete(id);
			this.events.publishEvent(new AccountDeleted(id, account.username()));
		});
	}

	public Map<String, Object> export(UUID id) {
		Map<String, Object> export = new LinkedHashMap<>();
		export.put("account", profile(id));
		for (ExportContributor contributor : this.exports) {
			export.put(contributor.section(), contributor.export(id));
		}
		return export;
	}

	private Account existing(UUID id) {
		return this.accounts.findById(id)
			.orElseThrow(() -> new BastionException(ErrorCode.NOT_FOUND, "This account no longer exists."));
	}

	private static String bounded(String field, String value, int max) {
		if (value.length() > max) {
			throw new InvalidInputException(field, "must be at most " + max + " characters");
		}
		return value;
	}

}
