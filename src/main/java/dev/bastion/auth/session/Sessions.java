package dev.bastion.auth.session;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import dev.bastion.crypto.Secrets;
import dev.bastion.system.Secret;

/**
 * Logins and their refresh tokens. A login is a token family: every refresh spends the
 * presented token and issues the next one; a spent token presented again means it was
 * stolen, and the whole family dies.
 */
@Repository
public class Sessions {

	static final int REFRESH_TOKEN_BYTES = 32;

	private static final int MAX_USER_AGENT = 200;

	/**
	 * How long a login's rows outlive its expiry: a client presenting its refresh token a
	 * little late is still told it expired, rather than that it is unknown.
	 */
	static final Duration KEPT_AFTER_EXPIRY = Duration.ofDays(1);

	private final JdbcClient jdbc;

	private final Secrets secrets;

	private final Clock clock;

	Sessions(JdbcClient jdbc, Secrets secrets, Clock clock) {
		this.jdbc = jdbc;
		this.secrets = secrets;
		this.clock = clock;
	}

	/** Starts a login and returns its first refresh token. */
	@Transactional
	public NewRefreshToken start(UUID accountId, Duration lifetime, @Nullable String ip, @Nullable String userAgent) {
		UUID id = UUID.randomUUID();
		Instant now = this.clock.instant();
		this.jdbc
			.sql("insert into token_families (id, account_id, created_at, last_used_at, expires_at, ip, user_agent) "
					+ "values (?, ?, ?, ?, ?, ?, ?)")
			.params(id, accountId, Timestamp.from(now), Timestamp.from(now), Timestamp.from(now.plus(lifetime)), ip,
					shorten(userAgent))
			.update();
		return new NewRefreshToken(id, addToken(id, now), now.plus(lifetime));
	}

	public Optional<RefreshTokenState> find(Secret refreshToken) {
		return this.jdbc
			.sql("select t.family_id, t.used_at, f.account_id, f.revoked_at, f.expires_at from refresh_tokens t "
					+ "join token_families f on f.id = t.family_id where t.token_hash = ?")
			.param(this.secrets.hash(refreshToken.reveal()))
			.query((row, number) -> new RefreshTokenState(row.getObject("family_id", UUID.class),
					row.getObject("account_id", UUID.class), row.getTimestamp("used_at") != null,
					row.getTimestamp("revoked_at") != null, row.getTimestamp("expires_at").toInstant()))
			.optional();
	}

	/** Spends the token; false if it had been spent already (a replay). */
	public boolean spend(Secret refreshToken) {
		return this.jdbc.sql("update refresh_tokens set used_at = ? where token_hash = ? and used_at is null")
			.params(Timestamp.from(this.clock.instant()), this.secrets.hash(refreshToken.reveal()))
			.update() == 1;
	}

	/** Issues the next token of a family. */
	public Secret next(UUID familyId, @Nullable String ip, @Nullable String userAgent) {
		Instant now = this.clock.instant();
		this.jdbc.sql("update token_families set last_used_at = ?, ip = ?, user_agent = ? where id = ?")
			.params(Timestamp.from(now), ip, shorten(userAgent), familyId)
			.update();
		return addToken(familyId, now);
	}

	/**
	 * Ends the account's least recently used live logins beyond {@code max}, never
	 * {@code keep} (the login just started, which counts as one of them); returns the
	 * ended ids. Without a cap a stolen password, at five logins a minute, left thousands
	 * of live logins a day, each listed and revoked one by one.
	 */
	public List<UUID> revokeBeyond(UUID accountId, @Nullable UUID keep, int max) {
		List<UUID> beyond = list(accountId).stream()
			.map(Session::id)
			.filter((id) -> !id.equals(keep))
			.skip(Math.max(0, max - 1))
			.toList();
		beyond.forEach(this::revoke);
		return beyond;
	}

	public void revoke(UUID familyId) {
		this.jdbc.sql("update token_families set revoked_at = ? where id = ? and revoked_at is null")
			.params(Timestamp.from(this.clock.instant()), familyId)
			.update();
	}

	/**
	 * Revokes every live login of the account except {@code keep}; returns the revoked
	 * ids.
	 */
	public List<UUID> revokeAll(UUID accountId, @Nullable UUID keep) {
		return revokeBeyond(accountId, keep, 1);
	}

	public List<Session> list(UUID accountId) {
		return this.jdbc
			.sql("select id, created_at, last_used_at, ip, user_agent from token_families "
					+ "where account_id = ? and revoked_at is null and expires_at > ? "
					+ "order by last_used_at desc, created_at desc")
			.params(accountId, Timestamp.from(this.clock.instant()))
			.query((row, number) -> new Session(row.getObject("id", UUID.class),
					row.getTimestamp("created_at").toInstant(), row.getTimestamp("last_used_at").toInstant(),
					row.getString("ip"), row.getString("user_agent")))
			.list();
	}

	public boolean owns(UUID accountId, UUID familyId) {
		return this.jdbc
			.sql("select count(*) from token_families where id = ? and account_id = ? and revoked_at is null")
			.params(familyId, accountId)
			.query(Long.class)
			.single() > 0;
	}

	/**
	 * Deletes the logins that expired more than a day ago, with their refresh tokens (a
	 * cascade): every login and every refresh adds a row, and nothing else ever removes
	 * them. A revoked login keeps its rows until it would have expired, so that its spent
	 * tokens are still recognised as reuse.
	 */
	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT3M")
	void purgeExpired() {
		this.jdbc.sql("delete from token_families where expires_at < ?")
			.param(Timestamp.from(this.clock.instant().minus(KEPT_AFTER_EXPIRY)))
			.update();
	}

	private Secret addToken(UUID familyId, Instant now) {
		String token = Secrets.randomToken(REFRESH_TOKEN_BYTES);
		this.jdbc.sql("insert into refresh_tokens (token_hash, family_id, created_at) values (?, ?, ?)")
			.params(this.secrets.hash(token), familyId, Timestamp.from(now))
			.update();
		return Secret.of(token);
	}

	private static @Nullable String shorten(@Nullable String userAgent) {
		return (userAgent != null && userAgent.length() > MAX_USER_AGENT) ? userAgent.substring(0, MAX_USER_AGENT)
				: userAgent;
	}

	public record NewRefreshToken(UUID familyId, Secret token, Instant expiresAt) {

	}

	public record RefreshTokenState(UUID familyId, UUID accountId, boolean spent, boolean familyRevoked,
			Instant familyExpiresAt) {
	}

	public record Session(UUID id, Instant createdAt, Instant lastUsedAt, @Nullable String ip,
			@Nullable String userAgent) {
	}

}
