package dev.bastion.auth.sso;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.bastion.auth.login.EverythingRevoked;

/**
 * The links between provider identities (issuer and subject) and accounts (V17), each
 * made with its account or added to it later (V18).
 */
@Repository
class SsoLinks {

	private final JdbcClient jdbc;

	private final Clock clock;

	SsoLinks(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	Optional<UUID> accountOf(String issuer, String subject) {
		return this.jdbc.sql("select account_id from sso_links where issuer = ? and subject = ?")
			.params(issuer, subject)
			.query(UUID.class)
			.optional();
	}

	/**
	 * @throws org.springframework.dao.DuplicateKeyException when either side is linked
	 */
	void link(String issuer, String subject, UUID accountId, boolean withAccount) {
		Timestamp now = Timestamp.from(this.clock.instant());
		this.jdbc
			.sql("insert into sso_links (issuer, subject, account_id, created_at, last_login_at, with_account)"
					+ " values (?, ?, ?, ?, ?, ?)")
			.params(issuer, subject, accountId, now, now, withAccount)
			.update();
	}

	/**
	 * An eviction removes the identities linked to the account after it was made, as it
	 * removes passkeys: whoever took the account over may have linked one of their own
	 * (with its password), and it would outlive the eviction. The identity the account
	 * was made for stays: the account is that identity.
	 */
	@EventListener
	void on(EverythingRevoked evicted) {
		this.jdbc.sql("delete from sso_links where account_id = ? and with_account = false")
			.param(evicted.accountId())
			.update();
	}

	void signedIn(String issuer, String subject) {
		this.jdbc.sql("update sso_links set last_login_at = ? where issuer = ? and subject = ?")
			.params(Timestamp.from(this.clock.instant()), issuer, subject)
			.update();
	}

	/** The account's links, as its owner sees and removes them. */
	List<Link> of(UUID accountId) {
		return this.jdbc
			.sql("select issuer, subject, created_at, last_login_at, with_account from sso_links"
					+ " where account_id = ? order by created_at")
			.param(accountId)
			.query((row, number) -> new Link(row.getString("issuer"), row.getString("subject"),
					row.getTimestamp("created_at").toInstant(), row.getTimestamp("last_login_at").toInstant(),
					row.getBoolean("with_account")))
			.list();
	}

	/** Removes the account's link to this identity; false when there was none. */
	boolean unlink(UUID accountId, String issuer, String subject) {
		return this.jdbc.sql("delete from sso_links where account_id = ? and issuer = ? and subject = ?")
			.params(accountId, issuer, subject)
			.update() == 1;
	}

	/** The account's links, for its data export. */
	List<Map<String, Object>> list(UUID accountId) {
		return this.jdbc
			.sql("select issuer, subject, created_at, last_login_at from sso_links where account_id = ?"
					+ " order by created_at")
			.param(accountId)
			.query((row, number) -> Map.<String, Object>of("issuer", row.getString("issuer"), "subject",
					row.getString("subject"), "created_at", row.getTimestamp("created_at").toInstant(), "last_login_at",
					row.getTimestamp("last_login_at").toInstant()))
			.list();
	}

	/**
	 * A provider identity linked to an account.
	 *
	 * @param withAccount whether its first sign-in made the account
	 */
	record Link(String issuer, String subject, Instant createdAt, Instant lastLoginAt, boolean withAccount) {

		/**
		 * A stable id for the owner's API, derived from the identity (the table's key is
		 * the issuer and subject; the subject stays out of addresses and logs).
		 */
		UUID id() {
			return UUID.nameUUIDFromBytes((this.issuer + "\n" + this.subject).getBytes(StandardCharsets.UTF_8));
		}

	}

}
