package dev.bastion.account;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;
import dev.bastion.system.InvalidInputException;

/**
 * Creating, changing, exporting and erasing accounts.
 */
@Service
public class AccountManagement {

	private static final int MAX_BIO = 500;

	private static final int MAX_DISPLAY_NAME = 100;

	/**
	 * A real argon2id hash of a random password, verified when the account does not
	 * exist.
	 */
	private final String unknownAccountHash;

	private final Accounts accounts;

	private final PasswordHistory history;

	private final PasswordPolicy policy;

	private final PasswordEncoder encoder;

	private final AccountProperties properties;

	private final List<ExportContributor> exports;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	AccountManagement(Accounts accounts, PasswordHistory history, PasswordPolicy policy, PasswordEncoder encoder,
			AccountProperties properties, List<ExportContributor> exports, ApplicationEventPublisher events,
			Clock clock) {
		this.accounts = accounts;
		this.history = history;
		this.policy = policy;
		this.encoder = encoder;
		this.properties = properties;
		this.exports = exports;
		this.events = events;
		this.clock = clock;
		this.unknownAccountHash = encoder.encode(UUID.randomUUID().toString());
	}

	@Transactional
	public Profile register(@Nullable String username, @Nullable String email, @Nullable String password) {
		return create(Username.of(username), EmailAddress.of(email), password, Role.USER);
	}

	@Transactional
	public Profile createAdmin(String username, String email, String password) {
		return create(Username.of(username), EmailAddress.of(email), password, Role.ADMIN);
	}

	private Profile create(Username username, EmailAddress email, @Nullable String password, Role role) {
		this.policy.check(password, username.value(), email.value(), "password");
		Instant now = this.clock.instant();
		String hash = this.encoder.encode(password);
		// Token times have whole seconds: tokens from this very second must count as
		// after creation.
		Instant tokensValidAfter = now.truncatedTo(ChronoUnit.SECONDS);
		Account account = new Account(UUID.randomUUID(), username.value(), email.value(), hash, null, null, role, true,
				null, false, 0, tokensValidAfter, now, now);
		try {
			this.accounts.insert(account);
		}
		catch (DuplicateKeyException ex) {
			throw new BastionException(ErrorCode.CONFLICT, "That username or e-mail address is already taken.");
		}
		this.history.add(account.id(), hash, now);
		return Profile.of(account);
	}

	public Profile profile(UUID id) {
		return Profile.of(existing(id));
	}

	@Transactional
	public Profile updateProfile(UUID id, @Nullable String email, @Nullable String displayName, @Nullable String bio,
			@Nullable String currentPassword) {
		Account account = existing(id);
		String newEmail = (email != null) ? EmailAddress.of(email).value() : account.email();
		if (!newEmail.equals(account.email())) {
			// The address receives password resets: changing it needs proof, not just a
			// token.
			verifyPassword(id, currentPassword, "current_password");
		}
		String newName = (displayName != null) ? bounded("display_name", displayName.strip(), MAX_DISPLAY_NAME)
				: account.displayName();
		String newBio = (bio != null) ? bounded("bio", bio, MAX_BIO) : account.bio();
		try {
			this.accounts.updateProfile(id, newEmail, newName, newBio, this.clock.instant());
		}
		catch (DuplicateKeyException ex) {
			throw new BastionException(ErrorCode.CONFLICT, "That e-mail address is already taken.");
		}
		return profile(id);
	}

	/**
	 * Whether {@code password} is this account's password. Takes the same time for
	 * unknown accounts, and upgrades the stored hash when the hashing parameters changed.
	 */
	public boolean passwordMatches(@Nullable Account account, @Nullable String password) {
		PasswordCheck check = checkPassword(account, password);
		if (account != null) {
			upgradeOutdatedHash(account, password, check);
		}
		return check.matches();
	}

	/**
	 * {@link #passwordMatches} without the upgrade, so that the hashing can run apart:
	 * only computes, and takes the same time for unknown accounts.
	 */
	public PasswordCheck checkPassword(@Nullable Account account, @Nullable String password) {
		if (account == null || password == null) {
			this.encoder.matches((password != null) ? password : "", this.unknownAccountHash);
			return PasswordCheck.WRONG;
		}
		if (!this.encoder.matches(password, account.passwordHash())) {
			return PasswordCheck.WRONG;
		}
		return this.encoder.upgradeEncoding(account.passwordHash()) ? PasswordCheck.RIGHT_WITH_OUTDATED_HASH
				: PasswordCheck.RIGHT;
	}

	/**
	 * Re-hashes a password {@code check} found right but stored with outdated parameters;
	 * unless the password changed in the meantime.
	 */
	public void upgradeOutdatedHash(Account account, @Nullable String password, PasswordCheck check) {
		if (check == PasswordCheck.RIGHT_WITH_OUTDATED_HASH && password != null) {
			this.accounts.upgradePasswordHash(account.id(), account.passwordHash(), this.encoder.encode(password),
					this.clock.instant());
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
	@Transactional
	public void setPassword(UUID id, @Nullable String newPassword, String field) {
		Account account = existing(id);
		this.policy.check(newPassword, account.username(), account.email(), field);
		boolean reused = this.history.latest(id, this.properties.passwordHistoryCount())
			.stream()
			.anyMatch((previous) -> this.encoder.matches(newPassword, previous));
		if (reused) {
			throw new InvalidInputException(field,
					"must differ from your last " + this.properties.passwordHistoryCount() + " passwords");
		}
		Instant now = this.clock.instant();
		String hash = this.encoder.encode(newPassword);
		this.accounts.updatePasswordHash(id, hash, now);
		this.history.add(id, hash, now);
		this.history.trim(id, this.properties.passwordHistoryCount());
	}

	/**
	 * Proof of presence for sensitive changes: refuses unless {@code password} is the
	 * current one.
	 */
	public Account verifyPassword(UUID id, @Nullable String password, String field) {
		Account account = existing(id);
		if (!passwordMatches(account, password)) {
			throw new InvalidInputException(field, "is not your current password");
		}
		return account;
	}

	/** Deactivates or reactivates an account; a deactivated account cannot log in. */
	@Transactional
	public Profile setActive(UUID id, boolean active) {
		existing(id);
		this.accounts.setActive(id, active, this.clock.instant());
		return profile(id);
	}

	/** By id, or by username or e-mail address. */
	public Account find(String idOrLogin) {
		java.util.Optional<Account> found;
		try {
			found = this.accounts.findById(UUID.fromString(idOrLogin));
		}
		catch (IllegalArgumentException ex) {
			found = this.accounts.findByLogin(idOrLogin.strip().toLowerCase(java.util.Locale.ROOT));
		}
		return found.orElseThrow(() -> new BastionException(ErrorCode.NOT_FOUND, "There is no such account."));
	}

	@Transactional
	public void delete(UUID id, @Nullable String password) {
		Account account = verifyPassword(id, password, "password");
		this.accounts.delete(id);
		this.events.publishEvent(new AccountDeleted(id, account.username()));
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
