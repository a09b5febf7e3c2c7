package dev.bastion.account;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Looking accounts up, for the modules that act on them (login, reset, incident
 * response); changes go through {@link AccountManagement} and {@link AccountCredentials}.
 */
@Component
public final class AccountDirectory {

	private final Accounts accounts;

	AccountDirectory(Accounts accounts) {
		this.accounts = accounts;
	}

	public Optional<Account> findById(UUID id) {
		return this.accounts.findById(id);
	}

	/** By username or e-mail address, both stored lower-case. */
	public Optional<Account> findByLogin(String usernameOrEmail) {
		return this.accounts.findByLogin(usernameOrEmail);
	}

	public Optional<Account> findByEmail(String email) {
		return this.accounts.findByEmail(email);
	}

	/** The username of an account, if it exists. */
	public @Nullable String usernameOf(UUID id) {
		return this.accounts.findById(id).map(Account::username).orElse(null);
	}

	/** Accounts whose username or e-mail contains {@code query}, with {@code status}. */
	public List<Account> search(String query, @Nullable AccountStatus status, int page, int size) {
		return this.accounts.search(query, status, page, size);
	}

	/** How many accounts {@link #search} would find over all pages. */
	public long count(String query, @Nullable AccountStatus status) {
		return this.accounts.count(query, status);
	}

	/** Active (and approved) accounts with the ADMIN role. */
	public long activeAdmins() {
		return this.accounts.activeAdmins();
	}

}
