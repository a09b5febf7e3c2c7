package dev.bastion.auth;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.stereotype.Service;

import dev.bastion.account.Accounts;
import dev.bastion.auth.SecurityEvents.ApiKeyCreated;
import dev.bastion.auth.SecurityEvents.ApiKeyRevoked;
import dev.bastion.auth.token.TokenFailure;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;
import dev.bastion.system.InvalidInputException;
import dev.bastion.system.Secrets;

/**
 * Named API keys for programs: {@code bst_<prefix>_<secret>}, shown once, stored as a
 * keyed hash, accepted as a Bearer token until revoked or expired.
 */
@Service
class ApiKeys {

	static final String PREFIX = "bst_";

	private static final int MAX_NAME = 100;

	private static final int PREFIX_CHARACTERS = 8;

	private static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

	private final JdbcClient jdbc;

	private final Accounts accounts;

	private final Secrets secrets;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	ApiKeys(JdbcClient jdbc, Accounts accounts, Secrets secrets, ApplicationEventPublisher events, Clock clock) {
		this.jdbc = jdbc;
		this.accounts = accounts;
		this.secrets = secrets;
		this.events = events;
		this.clock = clock;
	}

	NewApiKey create(UUID accountId, @Nullable String name, @Nullable Instant expiresAt) {
		String cleanName = (name != null) ? name.strip() : "";
		if (cleanName.isEmpty() || cleanName.length() > MAX_NAME) {
			throw new InvalidInputException("name", "must be 1 to " + MAX_NAME + " characters");
		}
		Instant now = this.clock.instant();
		if (expiresAt != null && !expiresAt.isAfter(now)) {
			throw new InvalidInputException("expires_at", "must be in the future");
		}
		String prefix = PREFIX + Secrets.randomToken(6)
			.replaceAll("[^A-Za-z0-9]", "x")
			.substring(0, PREFIX_CHARACTERS)
			.toLowerCase(Locale.ROOT);
		String key = prefix + "_" + Secrets.randomToken(32);
		UUID id = UUID.randomUUID();
		this.jdbc
			.sql("insert into api_keys (id, account_id, name, prefix, key_hash, created_at, expires_at) "
					+ "values (?, ?, ?, ?, ?, ?, ?)")
			.params(id, accountId, cleanName, prefix, this.secrets.hash(key), Timestamp.from(now),
					(expiresAt != null) ? Timestamp.from(expiresAt) : null)
			.update();
		this.events.publishEvent(new ApiKeyCreated(accountId, username(accountId), prefix));
		return new NewApiKey(id, cleanName, key, prefix, now, expiresAt);
	}

	List<ApiKey> list(UUID accountId) {
		return this.jdbc
			.sql("select id, name, prefix, created_at, expires_at, last_used_at from api_keys "
					+ "where account_id = ? and revoked_at is null order by created_at")
			.param(accountId)
			.query((row, number) -> new ApiKey(row.getObject("id", UUID.class), row.getString("name"),
					row.getString("prefix"), row.getTimestamp("created_at").toInstant(),
					instant(row.getTimestamp("expires_at")), instant(row.getTimestamp("last_used_at"))))
			.list();
	}

	void revoke(UUID accountId, UUID id) {
		ApiKey key = list(accountId).stream()
			.filter((candidate) -> candidate.id().equals(id))
			.findFirst()
			.orElseThrow(() -> new BastionException(ErrorCode.NOT_FOUND, "You have no such API key."));
		this.jdbc.sql("update api_keys set revoked_at = ? where id = ? and account_id = ?")
			.params(Timestamp.from(this.clock.instant()), id, accountId)
			.update();
		this.events.publishEvent(new ApiKeyRevoked(accountId, username(accountId), key.prefix()));
	}

	/** Revokes every key of the account (a compromised account, a password reset). */
	void revokeAll(UUID accountId) {
		this.jdbc.sql("update api_keys set revoked_at = ? where account_id = ? and revoked_at is null")
			.params(Timestamp.from(this.clock.instant()), accountId)
			.update();
	}

	/** The caller of a Bearer API key, or a failure naming why it is refused. */
	ApiKeyAuthentication authenticate(String key) {
		StoredKey stored = this.jdbc
			.sql("select k.id, k.account_id, k.expires_at, k.revoked_at, k.last_used_at, a.role, a.active "
					+ "from api_keys k join accounts a on a.id = k.account_id where k.key_hash = ?")
			.param(this.secrets.hash(key))
			.query((row, number) -> new StoredKey(row.getObject("id", UUID.class),
					row.getObject("account_id", UUID.class), instant(row.getTimestamp("expires_at")),
					row.getTimestamp("revoked_at") != null, instant(row.getTimestamp("last_used_at")),
					row.getString("role"), row.getBoolean("active")))
			.optional()
			.orElseThrow(() -> refused(TokenFailure.INVALID, "This API key is not valid."));
		Instant now = this.clock.instant();
		if (stored.revoked() || !stored.active()) {
			throw refused(TokenFailure.REVOKED, "This API key has been revoked.");
		}
		Instant expiresAt = stored.expiresAt();
		if (expiresAt != null && !expiresAt.isAfter(now)) {
			throw refused(TokenFailure.EXPIRED, "This API key has expired.");
		}
		Instant lastUsedAt = stored.lastUsedAt();
		if (lastUsedAt == null || lastUsedAt.plus(LAST_USED_PRECISION).isBefore(now)) {
			this.jdbc.sql("update api_keys set last_used_at = ? where id = ?")
				.params(Timestamp.from(now), stored.id())
				.update();
		}
		return new ApiKeyAuthentication(stored.accountId(), stored.role());
	}

	private @Nullable String username(UUID accountId) {
		return this.accounts.findById(accountId).map(dev.bastion.account.Account::username).orElse(null);
	}

	private static OAuth2AuthenticationException refused(String code, String description) {
		return new OAuth2AuthenticationException(new OAuth2Error(code, description, null), description);
	}

	private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	/** Shown once, at creation. */
	record NewApiKey(UUID id, String name, String key, String prefix, Instant createdAt, @Nullable Instant expiresAt) {

		@Override
		public String toString() {
			return "NewApiKey[prefix=" + this.prefix + "]";
		}

	}

	record ApiKey(UUID id, String name, String prefix, Instant createdAt, @Nullable Instant expiresAt,
			@Nullable Instant lastUsedAt) {
	}

	private record StoredKey(UUID id, UUID accountId, @Nullable Instant expiresAt, boolean revoked,
			@Nullable Instant lastUsedAt, String role, boolean active) {
	}

	/** An authenticated API key; its name is the account id, like a token's subject. */
	static final class ApiKeyAuthentication extends AbstractAuthenticationToken {

		private static final long serialVersionUID = 1L;

		private final UUID accountId;

		ApiKeyAuthentication(UUID accountId, String role) {
			super(AuthorityUtils.createAuthorityList("ROLE_" + role));
			this.accountId = accountId;
			setAuthenticated(true);
		}

		@Override
		public Object getCredentials() {
			return "";
		}

		@Override
		public Object getPrincipal() {
			return this.accountId.toString();
		}

	}

}
