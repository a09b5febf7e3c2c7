package dev.bastion.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The stored accounts.
 */
@Repository
class Accounts {

	private static final String COLUMNS = "id, username, email, password_hash, display_name, bio, role, active, "
			+ "pending, totp_secret, totp_enabled, totp_last_step, tokens_valid_after, created_at, updated_at, "
			+ "must_change_password";

	private static final String ACTIVE_ADMIN = "role = 'ADMIN' and active and not pending";

	private final JdbcClient jdbc;

	Accounts(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Active (and approved) accounts with the ADMIN role. */
	long activeAdmins() {
		return this.jdbc.sql("select count(*) from accounts where " + ACTIVE_ADMIN).query(Long.class).single();
	}

	/** Active administrators other than {@code id}. */
	long activeAdminsOtherThan(UUID id) {
		return this.jdbc.sql("select count(*) from accounts where " + ACTIVE_ADMIN + " and id <> ?")
			.param(id)
			.query(Long.class)
			.single();
	}

	/**
	 * Locks the one row that every change to the set of active administrators takes
	 * first, until the transaction ends.
	 */
	void lockAdminRoster() {
		this.jdbc.sql("select id from admin_roster_lock where id = 1 for update").query(Integer.class).single();
	}

	Optional<Account> findById(UUID id) {
		return this.jdbc.sql("select " + COLUMNS + " from accounts where id = ?")
			.param(id)
			.query(Accounts::map)
			.optional();
	}

	/**
	 * By username or e-mail address, both stored lower-case: two lookups, each by its own
	 * unique index (H2 answers an "or" of two columns by scanning the whole table), and
	 * "union" so that a row found both ways (a username equal to its own e-mail, which
	 * only a hand-edited row could have) is one row, as it was.
	 */
	Optional<Account> findByLogin(String usernameOrEmail) {
		return this.jdbc
			.sql("select " + COLUMNS + " from accounts where username = :login union select " + COLUMNS
					+ " from accounts where email = :login")
			.param("login", usernameOrEmail)
			.query(Accounts::map)
			.optional();
	}

	Optional<Account> findByEmail(String email) {
		return this.jdbc.sql("select " + COLUMNS + " from accounts where email = ?")
			.param(email)
			.query(Accounts::map)
			.optional();
	}

	/** Accounts whose username or e-mail contains {@code query}, with {@code status}. */
	List<Account> search(String query, @Nullable AccountStatus status, int page, int size) {
		return this.jdbc
			.sql("select " + COLUMNS + " from accounts where " + matching(status)
					+ " order by created_at, id limit :size offset :offset")
			.param("q", "%" + escapeLike(query) + "%")
			.param("size", size)
			.param("offset", (long) page * size)
			.query(Accounts::map)
			.list();
	}

	long count(String query, @Nullable AccountStatus status) {
		return this.jdbc.sql("select count(*) from accounts where " + matching(status))
			.param("q", "%" + escapeLike(query) + "%")
			.query(Long.class)
			.single();
	}

	private static String matching(@Nullable AccountStatus status) {
		String text = "(username like :q or email like :q)";
		return (status != null) ? text + " and " + status.condition() : text;
	}

	/** Whether an account already has this username or this e-mail address. */
	boolean taken(String username, String email) {
		// Two lookups by index, as in findByLogin.
		return this.jdbc.sql(
				"select (select count(*) from accounts where username = ?) + (select count(*) from accounts where email = ?)")
			.params(username, email)
			.query(Long.class)
			.single() > 0;
	}

	boolean anyAdmin() {
		return this.jdbc.sql("select count(*) from accounts where role = 'ADMIN'").query(Long.class).single() > 0;
	}

	void insert(Account account) {
		this.jdbc
			.sql("insert into accounts (" + COLUMNS + ") values (:id, :username, :email, :passwordHash, "
					+ ":displayName, :bio, :role, :active, :pending, :totpSecret, :totpEnabled, :totpLastStep, "
					+ ":tokensValidAfter, :createdAt, :updatedAt, :mustChangePassword)")
			.param("id", account.id())
			.param("username", account.username())
			.param("email", account.email())
			.param("passwordHash", account.passwordHash())
			.param("displayName", account.displayName())
			.param("bio", account.bio())
			.param("role", account.role().name())
			.param("active", account.active())
			.param("pending", account.pending())
			.param("totpSecret", account.totpSecret())
			.param("totpEnabled", account.totpEnabled())
			.param("totpLastStep", account.totpLastStep())
			.param("tokensValidAfter", Timestamp.from(account.tokensValidAfter()))
			.param("createdAt", Timestamp.from(account.createdAt()))
			.param("updatedAt", Timestamp.from(account.updatedAt()))
			.param("mustChangePassword", account.passwordChangeRequired())
			.update();
	}

	void updateProfile(UUID id, String email, @Nullable String displayName, @Nullable String bio, Instant now) {
		this.jdbc.sql("update accounts set email = ?, display_name = ?, bio = ?, updated_at = ? where id = ?")
			.params(email, displayName, bio, Timestamp.from(now), id)
			.update();
	}

	/**
	 * Replaces {@code outdated} with {@code upgraded}, unless the password changed since.
	 */
	void upgradePasswordHash(UUID id, String outdated, String upgraded, Instant now) {
		this.jdbc.sql("update accounts set password_hash = ?, updated_at = ? where id = ? and password_hash = ?")
			.params(upgraded, Timestamp.from(now), id, outdated)
			.update();
	}

	/** A password its owner chose: one an administrator set no longer needs changing. */
	void updatePasswordHash(UUID id, String passwordHash, Instant now) {
		this.jdbc
			.sql("update accounts set password_hash = ?, must_change_password = false, updated_at = ? where id = ?")
			.params(passwordHash, Timestamp.from(now), id)
			.update();
	}

	/** Refuses every access token issued before {@code instant}. */
	void revokeTokensIssuedBefore(UUID id, Instant instant) {
		this.jdbc.sql("update accounts set tokens_valid_after = ? where id = ?")
			.params(Timestamp.from(instant), id)
			.update();
	}

	/**
	 * Refuses every access token issued before {@code instant}, unless the account
	 * refuses later ones already.
	 */
	void refuseTokensIssuedBefore(UUID id, Instant instant) {
		this.jdbc.sql("update accounts set tokens_valid_after = ? where id = ? and tokens_valid_after < ?")
			.params(Timestamp.from(instant), id, Timestamp.from(instant))
			.update();
	}

	void setActive(UUID id, boolean active, Instant now) {
		this.jdbc.sql("update accounts set active = ?, updated_at = ? where id = ?")
			.params(active, Timestamp.from(now), id)
			.update();
	}

	void setRole(UUID id, Role role, Instant now) {
		this.jdbc.sql("update accounts set role = ?, updated_at = ? where id = ?")
			.params(role.name(), Timestamp.from(now), id)
			.update();
	}

	/** Lets a pending account in; false if it was not pending. */
	boolean approve(UUID id, Instant now) {
		return this.jdbc.sql("update accounts set pending = false, updated_at = ? where id = ? and pending")
			.params(Timestamp.from(now), id)
			.update() == 1;
	}

	/** Deletes an account that is still pending; false if it was not. */
	boolean deletePending(UUID id) {
		return this.jdbc.sql("delete from accounts where id = ? and pending").param(id).update() == 1;
	}

	/**
	 * The account's password is a one-time one: it must be changed before anything else.
	 */
	void requirePasswordChange(UUID id) {
		this.jdbc.sql("update accounts set must_change_password = true where id = ?").param(id).update();
	}

	/** Whether the account still has to replace a one-time password. */
	boolean passwordChangeRequired(UUID id) {
		return this.jdbc.sql("select must_change_password from accounts where id = ?")
			.param(id)
			.query(Boolean.class)
			.optional()
			.orElse(false);
	}

	void setTotp(UUID id, String encryptedSecret, boolean enabled) {
		this.jdbc.sql("update accounts set totp_secret = ?, totp_enabled = ?, totp_last_step = 0 where id = ?")
			.params(encryptedSecret, enabled, id)
			.update();
	}

	void clearTotp(UUID id) {
		this.jdbc.sql("update accounts set totp_secret = null, totp_enabled = false, totp_last_step = 0 where id = ?")
			.param(id)
			.update();
	}

	/**
	 * Records a TOTP time step as used; false if it (or a later one) was used already.
	 */
	boolean useTotpStep(UUID id, long step) {
		return this.jdbc.sql("update accounts set totp_last_step = ? where id = ? and totp_last_step < ?")
			.params(step, id, step)
			.update() == 1;
	}

	void delete(UUID id) {
		this.jdbc.sql("delete from accounts where id = ?").param(id).update();
	}

	private static String escapeLike(String text) {
		return text.toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

	private static Account map(ResultSet row, int number) throws SQLException {
		return new Account(row.getObject("id", UUID.class), row.getString("username"), row.getString("email"),
				row.getString("password_hash"), row.getString("display_name"), row.getString("bio"),
				Role.valueOf(row.getString("role")), row.getBoolean("active"), row.getBoolean("pending"),
				row.getString("totp_secret"), row.getBoolean("totp_enabled"), row.getLong("totp_last_step"),
				instant(row, "tokens_valid_after"), instant(row, "created_at"), instant(row, "updated_at"),
				row.getBoolean("must_change_password"));
	}

	static Instant instant(ResultSet row, String column) throws SQLException {
		return row.getTimestamp(column).toInstant();
	}

}
