package dev.bastion.auth.passkey;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.web.webauthn.api.Bytes;

/**
 * The challenges of passkey ceremonies, kept in the database so that any instance can
 * finish a ceremony another one started. Each is used once: presenting it deletes it, so
 * a replayed assertion finds its challenge gone. A registration challenge belongs to the
 * account that asked for it and works for no other.
 */
final class PasskeyChallenges {

	/** How long a ceremony may take; also the browser's timeout. */
	static final Duration LIFETIME = Duration.ofMinutes(5);

	private static final int MAX_LENGTH = 100;

	private static final String CONSUME = "delete from passkey_challenges where challenge = ? and expires_at > ? and ";

	private final JdbcClient jdbc;

	private final Clock clock;

	PasskeyChallenges(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Keeps a challenge just handed out, for a sign-in ({@code accountId} null) or a
	 * registration.
	 */
	void remember(Bytes challenge, @Nullable UUID accountId) {
		Instant now = this.clock.instant();
		// Cheap with the index, and keeps the table as small as the live ceremonies.
		this.jdbc.sql("delete from passkey_challenges where expires_at <= ?").param(Timestamp.from(now)).update();
		this.jdbc.sql("insert into passkey_challenges (challenge, account_id, expires_at) values (?, ?, ?)")
			.param(challenge.toBase64UrlString())
			.param(accountId)
			.param(Timestamp.from(now.plus(LIFETIME)))
			.update();
	}

	/**
	 * Uses up a challenge issued for the same purpose and not expired; false for any
	 * other (unknown, used, expired, another account's, malformed).
	 */
	boolean consume(@Nullable String challenge, @Nullable UUID accountId) {
		if (challenge == null || challenge.isEmpty() || challenge.length() > MAX_LENGTH) {
			return false;
		}
		Timestamp now = Timestamp.from(this.clock.instant());
		JdbcClient.StatementSpec statement = (accountId != null)
				? this.jdbc.sql(CONSUME + "account_id = ?").param(challenge).param(now).param(accountId)
				: this.jdbc.sql(CONSUME + "account_id is null").param(challenge).param(now);
		return statement.update() == 1;
	}

}
