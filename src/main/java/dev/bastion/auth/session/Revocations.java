package dev.bastion.auth.session;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import org.jspecify.annotations.Nullable;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.bastion.account.Account;
import dev.bastion.account.AccountDeleted;
import dev.bastion.account.AccountCredentials;
import dev.bastion.account.AccountDirectory;
import dev.bastion.auth.AuthProperties;
import dev.bastion.auth.token.AccessTokens;
import dev.bastion.auth.token.TokenRevocation;
import dev.bastion.sharedstate.SharedState;
import dev.bastion.sharedstate.SharedValues;
import dev.bastion.system.BastionException;

/**
 * The revocation checks made on every authenticated request, answered from short-lived
 * caches in front of the database. Revocations made by this instance take effect at once;
 * those made by another instance within {@link #SHARED_STATE_TTL}, unless the shared
 * state is shared across instances (Redis), which removes that delay.
 */
@Component
public final class Revocations implements TokenRevocation {

	static final Duration SHARED_STATE_TTL = Duration.ofSeconds(10);

	private static final int MAX_CACHED = 100_000;

	private static final String JTI = "jti:";

	private static final String SESSION = "session:";

	private static final String ACCOUNT = "account:";

	/** What was revoked a moment ago, seen by every instance at once. */
	private final SharedValues revoked;

	private final AuthProperties properties;

	private final JdbcClient jdbc;

	private final AccountDirectory accounts;

	private final AccountCredentials credentials;

	private final Clock clock;

	private final LoadingCache<String, Boolean> revokedTokens;

	private final LoadingCache<UUID, Boolean> revokedSessions;

	private final LoadingCache<UUID, Optional<AccountState>> accountStates;

	Revocations(JdbcClient jdbc, AccountDirectory accounts, AccountCredentials credentials, Clock clock,
			SharedState shared, AuthProperties properties) {
		this.revoked = shared.values("revoked:");
		this.properties = properties;
		this.jdbc = jdbc;
		this.accounts = accounts;
		this.credentials = credentials;
		this.clock = clock;
		this.revokedTokens = cache(this::loadTokenRevoked);
		this.revokedSessions = cache(this::loadSessionRevoked);
		this.accountStates = cache(this::loadAccountState);
	}

	private static <K, V> LoadingCache<K, V> cache(java.util.function.Function<K, V> loader) {
		return Caffeine.newBuilder().maximumSize(MAX_CACHED).expireAfterWrite(SHARED_STATE_TTL).build(loader::apply);
	}

	/**
	 * First whether any instance revoked this token, its login or its account a moment
	 * ago (a read that costs no round trip); the database-backed checks follow.
	 */
	@Override
	public boolean isRevoked(Jwt jwt) {
		return revokedInSharedState(jwt) || TokenRevocation.super.isRevoked(jwt) || carriesAnotherRole(jwt);
	}

	/**
	 * Whether the token's role is no longer the account's: after a promotion or a
	 * demotion, tokens issued before it are refused, and a refresh gives the new role.
	 */
	private boolean carriesAnotherRole(Jwt jwt) {
		String subject = jwt.getSubject();
		return subject == null
				|| !hasCurrentRole(UUID.fromString(subject), jwt.getClaimAsStringList(AccessTokens.ROLES_CLAIM));
	}

	/** Whether {@code roles} (a token's claim) is the account's role now. */
	public boolean hasCurrentRole(UUID accountId, @Nullable List<String> roles) {
		return roles != null
				&& this.accountStates.get(accountId).map((state) -> roles.equals(List.of(state.role()))).orElse(false);
	}

	private boolean revokedInSharedState(Jwt jwt) {
		String jti = jwt.getId();
		String sid = jwt.getClaimAsString(AccessTokens.SESSION_CLAIM);
		String subject = jwt.getSubject();
		Instant issuedAt = jwt.getIssuedAt();
		if (jti == null || sid == null || subject == null || issuedAt == null) {
			return false;
		}
		List<@Nullable String> values = this.revoked.get(List.of(JTI + jti, SESSION + sid, ACCOUNT + subject));
		String validAfter = values.get(2);
		return values.get(0) != null || values.get(1) != null
				|| (validAfter != null && issuedAt.getEpochSecond() < Long.parseLong(validAfter));
	}

	@Override
	public boolean isTokenRevoked(String jti) {
		return this.revokedTokens.get(jti);
	}

	@Override
	public boolean isSessionRevoked(UUID sessionId) {
		return this.revokedSessions.get(sessionId);
	}

	@Override
	public boolean isAccountRevoked(UUID accountId, Instant issuedAt) {
		return this.accountStates.get(accountId)
			.map((state) -> !state.active() || issuedAt.isBefore(state.tokensValidAfter()))
			.orElse(true);
	}

	/** Denies one access token until it expires. */
	public void revokeToken(String jti, Instant expiresAt) {
		// Idempotent without an error: on PostgreSQL a failed insert would abort the
		// transaction.
		this.jdbc.sql("insert into revoked_tokens (jti, expires_at) values (?, ?) on conflict do nothing")
			.params(jti, Timestamp.from(expiresAt))
			.update();
		this.revokedTokens.put(jti, true);
		share(JTI + jti, "1", Duration.between(this.clock.instant(), expiresAt));
	}

	public void sessionRevoked(UUID sessionId) {
		this.revokedSessions.put(sessionId, true);
		share(SESSION + sessionId, "1", this.properties.refreshTokenTtl());
	}

	/** Refuses every access token of the account issued up to now. */
	public void revokeAccountTokens(UUID accountId) {
		// Token timestamps have whole seconds: a token issued within this second is
		// refused too.
		Instant validAfter = this.clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
		this.credentials.revokeTokensIssuedBefore(accountId, validAfter);
		accountChanged(accountId);
		share(ACCOUNT + accountId, Long.toString(validAfter.getEpochSecond()),
				this.properties.accessTokenTtl().plus(Duration.ofMinutes(1)));
	}

	/**
	 * Tells every instance at once. Safe to lose: the database holds the revocation, and
	 * the other instances see it there within {@link #SHARED_STATE_TTL}.
	 */
	private void share(String key, String value, Duration ttl) {
		try {
			this.revoked.put(key, value, ttl);
		}
		catch (BastionException ex) {
			// The shared state refused (unreachable under the closed policy).
		}
	}

	/**
	 * The account's role changed: its access tokens from before this second are refused
	 * (at once on every instance with Redis), and those from this second by their role
	 * claim, so a refresh right away already gets a token that works.
	 */
	public void roleChanged(UUID accountId) {
		Instant validAfter = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
		this.credentials.refuseTokensIssuedBefore(accountId, validAfter);
		accountChanged(accountId);
		Instant effective = this.accounts.findById(accountId).map(Account::tokensValidAfter).orElse(validAfter);
		share(ACCOUNT + accountId, Long.toString(effective.getEpochSecond()),
				this.properties.accessTokenTtl().plus(Duration.ofMinutes(1)));
	}

	/**
	 * Forgets the account's cached state now and, inside a transaction, again after it
	 * commits.
	 */
	public void accountChanged(UUID accountId) {
		this.accountStates.invalidate(accountId);
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					Revocations.this.accountStates.invalidate(accountId);
				}
			});
		}
	}

	@EventListener
	void on(AccountDeleted deleted) {
		accountChanged(deleted.accountId());
	}

	/**
	 * The other instances keep the account's state for a few seconds: they refuse every
	 * token of a deleted account at once too, as after a revocation, once the deletion is
	 * committed (one rolled back must not shut its account out).
	 */
	@TransactionalEventListener(fallbackExecution = true)
	void refuseEveryTokenOf(AccountDeleted deleted) {
		share(ACCOUNT + deleted.accountId(), Long.toString(Long.MAX_VALUE),
				this.properties.accessTokenTtl().plus(Duration.ofMinutes(1)));
	}

	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
	void purgeExpired() {
		this.jdbc.sql("delete from revoked_tokens where expires_at < ?")
			.param(Timestamp.from(this.clock.instant()))
			.update();
	}

	private Boolean loadTokenRevoked(String jti) {
		return this.jdbc.sql("select count(*) from revoked_tokens where jti = ?")
			.param(jti)
			.query(Long.class)
			.single() > 0;
	}

	private Boolean loadSessionRevoked(UUID sessionId) {
		return this.jdbc
			.sql("select count(*) from token_families where id = ? and revoked_at is null and expires_at > ?")
			.params(sessionId, Timestamp.from(this.clock.instant()))
			.query(Long.class)
			.single() == 0;
	}

	private Optional<AccountState> loadAccountState(UUID accountId) {
		return this.accounts.findById(accountId)
			.map((account) -> new AccountState(account.active() && !account.pending(), account.tokensValidAfter(),
					account.role().name()));
	}

	private record AccountState(boolean active, Instant tokensValidAfter, String role) {
	}

}
