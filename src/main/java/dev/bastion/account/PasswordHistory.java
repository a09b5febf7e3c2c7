package dev.bastion.account;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The hashes of an account's previous passwords, newest first.
 */
@Repository
class PasswordHistory {

	private final JdbcClient jdbc;

	PasswordHistory(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void add(UUID accountId, String passwordHash, Instant now) {
		this.jdbc.sql("insert into password_history (account_id, password_hash, created_at) values (?, ?, ?)")
			.params(accountId, passwordHash, Timestamp.from(now))
			.update();
	}

	List<String> latest(UUID accountId, int count) {
		return this.jdbc
			.sql("select password_hash from password_history where account_id = ? order by created_at desc limit ?")
			.params(accountId, count)
			.query((rs, row) -> rs.getString(1))
			.list();
	}

	/** Keeps only the newest {@code count} entries. */
	void trim(UUID accountId, int count) {
		List<String> keep = latest(accountId, count);
		if (keep.size() < count) {
			return;
		}
		this.jdbc.sql("delete from password_history where account_id = :id and password_hash not in (:keep)")
			.param("id", accountId)
			.param("keep", keep)
			.update();
	}

}
