package dev.bastion.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The stored accounts.
 */
@Repository
public class Accounts {

	private static final String COLUMNS = "id, username, email, password_hash, display_name, bio, role, active, "
			+ "totp_secret, totp_enabled, totp_last_step, tokens_valid_after, created_at, updated_at";

	private final JdbcClient jdbc;

	Accounts(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Active accounts with the ADMIN role. */
	public long activeAdmins() {
		return this.jdbc.sql("select count(*) from accounts where role = 'ADMIN' and active")
			.query(Long.class)
			.single();
	}

	public Optional<Account> findById(UUID id) {
		return this.jdbc.sql("select " + COLUMNS + " from accounts where id = ?")
			.param(id)
			.query(Accounts::map)
			.optional();
	}

	/** By username or e-mail address, both stored lower-case. */
	public Optional<Account> findByLogin(String usernameOrEmail) {
		return this.jdbc.sql("select " + COLUMNS + " from accounts where username = :login or email = :login")
			.param("login", usernameOrEmail)
			.query(Accounts::map)
			.optional();
	}

	public Optional<Account> findByEmail(String email) {
		return this.jdbc.sql("select " + COLUMNS + " from accounts where email = ?")
			.param(email)
			.query(Accounts::map)
			.optional();
	}

	public List<Account> search(String query, int page, int size) {
		return this.jdbc
			.sql("select " + COLUMNS + " from accounts where username like :q or email like :q "
					+ "order by created_at, id limit :size offset :offset")
			.param("q", "%" + escapeLike(query) + "%")
			.param("size", size)
			.param("offset", (long) page * size)
			.query(Accounts::map)
			.list();
	}

	public long count(String query) {
		return this.jdbc.sql("select count(*) from accounts where username like :q or email like :q")
			.param("q", "%" + escapeLike(query) + "%")
			.query(Long.class)
			.single();
	}

	/** Whether an account already has this username or this e-mail address. */
	boolean taken(String username, String email) {
		return this.jdbc.sql("select count(*) from accounts where username = ? or email = ?")
			.params(username, email)
			.query(Long.class)
			.single() > 0;
	}

	public boolean anyAdmin() {
		return this.jdbc.sql("select count(*) from accounts where role = 'ADMIN'").query(Long.class).single() > 0;
	}

	void insert(Account account) {
		this.jdbc.sql("insert into accounts (" + COLUMNS + ") values (:id, :username, :email, :passwordHash, "
				+ ":displayName, :bio, :role, :active, :totpSecret, :totpEnabled, :totpLastStep, :tokensValidAfter, "
				+ ":createdAt, :updatedAt)")
			.param("id", account.id())
			.param("username", account.username())
			.param("email", account.email())
			.param("passwordHash", account.passwordHash())
			.param("displayName", account.displayName())
			.param("bio", account.bio())
			.param("role", account.role().name())
			.param("active", account.active())
			.param("totpSecret", account.totpSecret())
			.param("totpEnabled", account.totpEnabled())
			.param("totpLastStep", account.totpLastStep())
			.param("tokensValidAfter", Timestamp.from(account.tokensValidAfter()))
			.param("createdAt", Timestamp.from(account.createdAt()))
			.param("updatedAt", Timestamp.from(account.updatedAt()))
			.update();
	}

	void updateProfile(UUID id, String email, String displayName, String bio, Instant now) {
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

	void updatePasswordHash(UUID id, String passwordHash, Instant now) {
		this.jdbc.sql("update accounts set password_hash = ?, updated_at = ? where id = ?")
			.params(passwordHash, Timestamp.from(now), id)
			.update();
	}

	/** Refuses every access token issued before {@code instant}. */
	public void revokeTokensIssuedBefore(UUID id, Instant instant) {
		this.jdbc.sql("update accounts set tokens_valid_after = ? where id = ?")
			.params(Timestamp.from(instant), id)
			.update();
	}

	public void setActive(UUID id, boolean active, Instant now) {
		this.jdbc.sql("update accounts set active = ?, updated_at = ? where id = ?")
			.params(active, Timestamp.from(now), id)
			.update();
	}

	public void setTotp(UUID id, String encryptedSecret, boolean enabled) {
		this.jdbc.sql("update accounts set totp_secret = ?, totp_enabled = ?, totp_last_step = 0 where id = ?")
			.params(encryptedSecret, enabled, id)
			.update();
	}

	public void clearTotp(UUID id) {
		this.jdbc.sql("update accounts set totp_secret = null, totp_enabled = false, totp_last_step = 0 where id = ?")
			.param(id)
			.update();
	}

	/**
	 * Records a TOTP time step as used; false if it (or a later one) was used already.
	 */
	public boolean useTotpStep(UUID id, long step) {
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
				Role.valueOf(row.getString("role")), row.getBoolean("active"), row.getString("totp_secret"),
				row.getBoolean("totp_enabled"), row.getLong("totp_last_step"), instant(row, "tokens_valid_after"),
				instant(row, "created_at"), instant(row, "updated_at"));
	}

	static Instant instant(ResultSet row, String column) throws SQLException {
		return row.getTimestamp(column).toInstant();
	}

}
