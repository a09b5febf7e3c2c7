package dev.bastion.auth.apikey;

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
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.bastion.account.AccountDirectory;
import dev.bastion.auth.ApiKeyCredential;
import dev.bastion.auth.AuthProperties;
import dev.bastion.auth.apikey.ApiKeyEvents.ApiKeyCreated;
import dev.bastion.auth.apikey.ApiKeyEvents.ApiKeyRevoked;
import dev.bastion.auth.token.TokenFailure;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;
import dev.bastion.system.InvalidInputException;
import dev.bastion.crypto.Secrets;
import dev.bastion.system.Secret;

/**
 * Named API keys for programs: {@code bst_<prefix>_<secret>}, shown once, stored as a
 * keyed hash, accepted as a Bearer token until revoked or expired. Making one needs the
 * password (and second factor), an account holds at most {@code MAX_API_KEYS} live ones,
 * and a key authenticates as a plain user that may only chat ({@link ApiKeyCredential}).
 */
@Service
public class ApiKeys {

	static final String PREFIX = "bst_";

	private static final int MAX_NAME = 100;

	private static final int PREFIX_CHARACTERS = 8;

	private static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

	private final JdbcClient jdbc;

	private final AccountDirectory accounts;

	private final Secrets secrets;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final TransactionTemplate transaction;

	private final int maxPerAccount;

	ApiKeys(JdbcClient jdbc, AccountDirectory accounts, Secrets secrets, ApplicationEventPublisher events, Clock clock,
			PlatformTransactionManager transactions, AuthProperties properties) {
		this.jdbc = jdbc;
		this.accounts = accounts;
		this.secrets = secrets;
		this.events = events;
		this.clock = clock;
		this.transaction = new TransactionTemplate(transactions);
		this.maxPerAccount = properties.maxApiKeys();
	}

	/**
	 * A new key, once {@code proofOfPresence} has passed (it throws otherwise). Checks
	 * that are cheap and reveal nothing come first, so a refused request spends no
	 * password hash and no TOTP code.
	 */
	NewApiKey create(UUID accountId, @Nullable String name, @Nullable Instant expiresAt, Runnable proofOfPresence) {
		String cleanName = (name != null) ? name.strip() : "";
		if (cleanName.isEmpty() || cleanName.length() > MAX_NAME) {
			throw new InvalidInputException("name", "must be 1 to " + MAX_NAME + " characters");
		}
		if (expiresAt != null && !expiresAt.isAfter(this.clock.instant())) {
			throw new InvalidInputException("expires_at", "must be in the future");
		}
		requireRoom(accountId);
		proofOfPresence.run();
		NewApiKey key = this.transaction.execute((status) -> {
			// One key at a time per account, so parallel requests cannot pass the cap.
			this.jdbc.sql("select id from accounts where id = ? for update").param(accountId).query(UUID.class).list();
			requireRoom(accountId);
			return insert(accountId, cleanName, expiresAt);
		});
		this.events.publishEvent(new ApiKeyCreated(accountId, username(accountId), key.prefix()));
		return key;
	}

	private void requireRoom(UUID accountId) {
		long live = this.jdbc
			.sql("select count(*) from api_keys where account_id = ? and revoked_at is null "
					+ "and (expires_at is null or expires_at > ?)")
			.params(accountId, Timestamp.from(this.clock.instant()))
			.query(Long.class)
			.single();
		if (live >= this.maxPerAccount) {
			throw new BastionException(ErrorCode.CONFLICT, "You already have " + this.maxPerAccount
					+ " API keys, the most an account may hold; revoke one you no longer use first.");
		}
	}

	private NewApiKey insert(UUID accountId, String name, @Nullable Instant expiresAt) {
		Instant now = this.clock.instant();
		String prefix = PREFIX + Secrets.randomToken(6)
			.replaceAll("[^A-Za-z0-9]", "x")
			.substring(0, PREFIX_CHARACTERS)
			.toLowerCase(Locale.ROOT);
		String key = prefix + "_" + Secrets.randomToken(32);
		UUID id = UUID.randomUUID();
		this.jdbc
			.sql("insert into api_keys (id, account_id, name, prefix, key_hash, created_at, expires_at) "
					+ "values (?, ?, ?, ?, ?, ?, ?)")
			.params(id, accountId, name, prefix, this.secrets.hash(key), Timestamp.from(now),
					(expiresAt != null) ? Timestamp.from(expiresAt) : null)
			.update();
		return new NewApiKey(id, name, Secret.of(key), prefix, now, expiresAt);
	}

	public List<ApiKey> list(UUID accountId) {
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
		this.events.publishEvent(new ApiKeyRevoked(accountId, username(accountId), key.prefix(), "owner"));
	}

	/**
	 * Revokes every key of the account (a compromised account, a password change or
	 * reset); each revoked key is a security event naming {@code reason}.
	 */
	public void revokeAll(UUID accountId, String reason) {
		List<ApiKey> live = list(accountId);
		this.jdbc.sql("update api_keys set revoked_at = ? where account_id = ? and revoked_at is null")
			.params(Timestamp.from(this.clock.instant()), accountId)
			.update();
		String username = live.isEmpty() ? null : username(accountId);
		live.forEach((key) -> this.events.publishEvent(new ApiKeyRevoked(accountId, username, key.prefix(), reason)));
	}

	/** The caller of a Bearer API key, or a failure naming why it is refused. */
	ApiKeyAuthentication authenticate(String key) {
		StoredKey stored = this.jdbc
			.sql("select k.id, k.account_id, k.expires_at, k.revoked_at, k.last_used_at, a.active "
					+ "from api_keys k join accounts a on a.id = k.account_id where k.key_hash = ?")
			.param(this.secrets.hash(key))
			.query((row, number) -> new StoredKey(row.getObject("id", UUID.class),
					row.getObject("account_id", UUID.class), instant(row.getTimestamp("expires_at")),
					row.getTimestamp("revoked_at") != null, instant(row.getTimestamp("last_used_at")),
					row.getBoolean("active")))
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
		return new ApiKeyAuthentication(stored.accountId());
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
	record NewApiKey(UUID id, String name, Secret key, String prefix, Instant createdAt, @Nullable Instant expiresAt) {

	}

	public record ApiKey(UUID id, String name, String prefix, Instant createdAt, @Nullable Instant expiresAt,
			@Nullable Instant lastUsedAt) {
	}

	private record StoredKey(UUID id, UUID accountId, @Nullable Instant expiresAt, boolean revoked,
			@Nullable Instant lastUsedAt, boolean active) {
	}

	/**
	 * An authenticated API key; its name is the account id, like a token's subject. A
	 * plain user whatever the owner's role, marked as a key.
	 */
	static final class ApiKeyAuthentication extends AbstractAuthenticationToken {

		private static final long serialVersionUID = 1L;

		private final UUID accountId;

		ApiKeyAuthentication(UUID accountId) {
			super(AuthorityUtils.createAuthorityList("ROLE_USER", ApiKeyCredential.AUTHORITY));
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
