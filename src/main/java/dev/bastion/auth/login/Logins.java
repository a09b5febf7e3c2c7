package dev.bastion.auth.login;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.bastion.account.Account;
import dev.bastion.account.AccountManagement;
import dev.bastion.account.AccountManagement.PasswordCheck;
import dev.bastion.account.AccountDirectory;
import dev.bastion.account.Profile;
import dev.bastion.auth.AuthProperties;
import dev.bastion.auth.apikey.ApiKeys;
import dev.bastion.auth.login.SecurityEvents.LoginSucceeded;
import dev.bastion.auth.login.SecurityEvents.RefreshTokenReused;
import dev.bastion.auth.login.SecurityEvents.TokenRevoked;
import dev.bastion.auth.passkey.PasskeyUsers;
import dev.bastion.auth.session.Revocations;
import dev.bastion.auth.session.Sessions.NewRefreshToken;
import dev.bastion.auth.session.Sessions.RefreshTokenState;
import dev.bastion.auth.session.Sessions;
import dev.bastion.auth.token.AccessTokens;
import dev.bastion.auth.token.AccessTokens.IssuedToken;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;
import dev.bastion.system.InvalidInputException;
import dev.bastion.system.Secret;

/**
 * Logging in and staying logged in: the lockout check comes before any password hashing,
 * unknown and deactivated accounts fail exactly like a wrong password (a pending one too,
 * unless the password is right), and refresh tokens rotate with replay detection.
 */
@Service
public class Logins {

	private static final int MAX_LOGIN_LENGTH = 254;

	private static final int MAX_REFRESH_TOKEN = 200;

	private final AccountDirectory accounts;

	private final AccountManagement management;

	private final Sessions sessions;

	private final AccessTokens accessTokens;

	private final LoginLocks locks;

	private final DeviceTokens devices;

	private final LoginSecondStep secondStep;

	private final Revocations revocations;

	private final AuthProperties properties;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final ApiKeys apiKeys;

	private final PasskeyUsers passkeys;

	private final LocalLogin localLogin;

	Logins(AccountDirectory accounts, AccountManagement management, Sessions sessions, AccessTokens accessTokens,
			LoginLocks locks, DeviceTokens devices, LoginSecondStep secondStep, Revocations revocations,
			AuthProperties properties, ApplicationEventPublisher events, Clock clock, ApiKeys apiKeys,
			PasskeyUsers passkeys, LocalLogin localLogin) {
		this.accounts = accounts;
		this.management = management;
		this.sessions = sessions;
		this.accessTokens = accessTokens;
		this.locks = locks;
		this.devices = devices;
		this.secondStep = secondStep;
		this.revocations = revocations;
		this.properties = properties;
		this.events = events;
		this.clock = clock;
		this.apiKeys = apiKeys;
		this.passkeys = passkeys;
		this.localLogin = localLogin;
	}

	/**
	 * Not one transaction: a login waiting for a hashing slot must not hold a database
	 * connection. The writes it makes are each atomic on their own.
	 */
	TokenResponse login(@Nullable String usernameOrEmail, @Nullable Secret password, LoginSecondStep.Proof proof,
			@Nullable Secret deviceToken, ClientInfo client) {
		return login(usernameOrEmail, password, proof, deviceToken, client, this.properties.refreshTokenTtl());
	}

	/** A login that ends after {@code lifetime} at the latest (a browser session). */
	TokenResponse login(@Nullable String usernameOrEmail, @Nullable Secret password, LoginSecondStep.Proof proof,
			@Nullable Secret deviceToken, ClientInfo client, Duration lifetime) {
		// Before anything is looked up or hashed: with LOCAL_LOGIN=false this is no
		// guess.
		this.localLogin.refuseUnlessAllowed(normalize(usernameOrEmail));
		PasswordProof proven = prove(usernameOrEmail, password, proof, deviceToken, client);
		this.localLogin.refuseUnlessAllowed(proven.account());
		return succeed(proven.account(), proven.lockKey(), proven.device(), client, lifetime,
				(proof.passkey() != null) ? "password+passkey" : "password");
	}

	/**
	 * Checks a password (and the second step when the account has one) as a login does,
	 * with its lock, counting and audit, but starts no session: for a caller that
	 * finishes the login itself (linking a single sign-on identity).
	 */
	PasswordProof prove(@Nullable String usernameOrEmail, @Nullable Secret password, LoginSecondStep.Proof proof,
			@Nullable Secret deviceToken, ClientInfo client) {
		String login = normalize(usernameOrEmail);
		if (password == null || password.reveal().isEmpty()) {
			// Not a guess: nothing is counted and nothing is hashed.
			throw new InvalidInputException("password", "is required");
		}
		Optional<Account> account = this.accounts.findByLogin(login);
		Optional<UUID> device = account.flatMap((found) -> this.devices.verify(deviceToken, found.id()));
		String lockKey = device.map((id) -> "device:" + id)
			.orElseGet(() -> account.map((found) -> "account:" + found.id())
				.orElseGet(() -> this.locks.unknownLoginKey(login)));
		refuseIfLocked(lockKey, account.orElse(null), login, client);
		PasswordCheck check = this.management.checkPassword(account.orElse(null), password.reveal(),
				device.isPresent());
		// Guesses made in parallel may have locked the key while this one was hashed;
		// then its outcome, right or wrong, must not be revealed.
		refuseIfLocked(lockKey, account.orElse(null), login, client);
		if (!check.matches() || !account.get().active()) {
			throw failed(lockKey, account.orElse(null), login, "password", device.isPresent(), client);
		}
		Account user = account.get();
		if (user.pending()) {
			// The right password: say why the door stays shut instead of pretending it
			// was wrong. A wrong one above got the usual answer, so this reveals nothing
			// to someone who does not know the password.
			throw new BastionException(ErrorCode.ACCOUNT_PENDING,
					"Your account is waiting for an administrator's approval; try again once it is approved.");
		}
		String refusal = this.secondStep.check(user, proof);
		if (refusal != null) {
			throw failed(lockKey, user, login, refusal, device.isPresent(), client);
		}
		this.management.upgradeOutdatedHash(user, password.reveal(), check);
		return new PasswordProof(user, lockKey, device);
	}

	/**
	 * What every login does once its proof (password and code, or a passkey) is checked:
	 * the lock's failures are forgotten, the login is audited with its method, and it
	 * gets its session, tokens and device token.
	 */
	TokenResponse succeed(Account user, String lockKey, Optional<UUID> device, ClientInfo client, Duration lifetime,
			String method) {
		this.locks.succeeded(lockKey);
		this.events.publishEvent(new LoginSucceeded(user.id(), user.username(), device.isPresent(), method));
		NewRefreshToken refresh = this.sessions.start(user.id(), lifetime, client.ip(), client.userAgent());
		List<UUID> ended = this.sessions.revokeBeyond(user.id(), refresh.familyId(), this.properties.maxLogins());
		if (!ended.isEmpty()) {
			ended.forEach(this.revocations::sessionRevoked);
			this.events.publishEvent(new TokenRevoked(user.id(), user.username(), "login-limit"));
		}
		return tokens(user, refresh.familyId(), refresh.token(), refresh.expiresAt(),
				this.devices.issue(user.id(), device));
	}

	@Transactional(noRollbackFor = BastionException.class)
	public TokenResponse refresh(@Nullable Secret refreshToken, ClientInfo client) {
		if (refreshToken == null || refreshToken.isBlank()) {
			throw new InvalidInputException("refresh_token", "is required");
		}
		if (refreshToken.reveal().length() > MAX_REFRESH_TOKEN) {
			throw new BastionException(ErrorCode.INVALID_TOKEN, "This refresh token is not valid.");
		}
		RefreshTokenState state = this.sessions.find(refreshToken)
			.orElseThrow(() -> new BastionException(ErrorCode.INVALID_TOKEN, "This refresh token is not valid."));
		if (state.familyRevoked()) {
			throw new BastionException(ErrorCode.TOKEN_REVOKED, "This login has been ended; log in again.");
		}
		if (!state.familyExpiresAt().isAfter(this.clock.instant())) {
			throw new BastionException(ErrorCode.TOKEN_EXPIRED, "This login has expired; log in again.");
		}
		if (state.spent() || !this.sessions.spend(refreshToken)) {
			// A spent token came back: someone kept a copy. End the whole login.
			revokeSession(state.familyId());
			Account account = this.accounts.findById(state.accountId()).orElse(null);
			this.events.publishEvent(new RefreshTokenReused(state.accountId(),
					(account != null) ? account.username() : null, state.familyId()));
			throw new BastionException(ErrorCode.TOKEN_REVOKED,
					"This refresh token was used before; the login has been ended for safety.");
		}
		Account account = this.accounts.findById(state.accountId())
			.filter(Account::active)
			.orElseThrow(() -> new BastionException(ErrorCode.TOKEN_REVOKED, "This account is not active."));
		Secret next = this.sessions.next(state.familyId(), client.ip(), client.userAgent());
		// No device token: only a full login (password, and code when on) makes a device
		// known.
		return tokens(account, state.familyId(), next, state.familyExpiresAt(), null);
	}

	/**
	 * Ends a login: the presented access token, its login's refresh tokens, and the login
	 * of {@code refreshToken} when it is another one of the same account.
	 */
	@Transactional
	void logout(UUID accountId, @Nullable UUID sessionId, @Nullable String jti, @Nullable Instant expiresAt,
			@Nullable Secret refreshToken) {
		if (jti != null && expiresAt != null) {
			this.revocations.revokeToken(jti, expiresAt);
		}
		if (sessionId != null) {
			revokeSession(sessionId);
		}
		if (refreshToken != null && refreshToken.reveal().length() <= MAX_REFRESH_TOKEN) {
			this.sessions.find(refreshToken)
				.filter((state) -> state.accountId().equals(accountId))
				.ifPresent((state) -> revokeSession(state.familyId()));
		}
		this.events.publishEvent(new TokenRevoked(accountId,
				this.accounts.findById(accountId).map(Account::username).orElse(null), "logout"));
	}

	public void revokeSession(UUID sessionId) {
		this.sessions.revoke(sessionId);
		this.revocations.sessionRevoked(sessionId);
	}

	/**
	 * Ends every login of the account except {@code keep}, and its access tokens with
	 * them.
	 */
	public void revokeSessions(UUID accountId, @Nullable UUID keep) {
		this.sessions.revokeAll(accountId, keep).forEach(this.revocations::sessionRevoked);
	}

	/**
	 * Ends every login, refuses every access token issued so far, revokes every API key,
	 * ends every device token, removes every passkey and every single sign-on identity
	 * linked to the account after it was made ({@link EverythingRevoked}): whoever took
	 * the account over may have added one, and it would outlive the reset or the admin's
	 * revocation.
	 */
	public void revokeEverything(UUID accountId) {
		revokeSessions(accountId, null);
		this.revocations.revokeAccountTokens(accountId);
		this.apiKeys.revokeAll(accountId, "all-revoked");
		this.devices.forgetAll(accountId);
		this.passkeys.forgetAll(accountId);
		this.events.publishEvent(new EverythingRevoked(accountId));
	}

	public void unlock(UUID accountId) {
		this.locks.unlock(accountId);
	}

	/**
	 * The login's refresh tokens all end with the login: {@code refresh_expires_in}
	 * counts down to it.
	 */
	private TokenResponse tokens(Account account, UUID sessionId, Secret refreshToken, Instant loginExpiresAt,
			@Nullable Secret deviceToken) {
		IssuedToken access = this.accessTokens.issue(account.id(), account.username(), account.role().name(), sessionId,
				account.tokensValidAfter());
		long refreshExpiresIn = Math.max(0, Duration.between(this.clock.instant(), loginExpiresAt).toSeconds());
		return new TokenResponse(access.value(), refreshToken, "Bearer", this.accessTokens.ttl().toSeconds(),
				refreshExpiresIn, Profile.of(account), deviceToken);
	}

	BastionException failed(String lockKey, @Nullable Account account, String login, String reason,
			boolean trustedDevice, ClientInfo client) {
		return this.locks.failed(lockKey, account, login, reason, trustedDevice, client);
	}

	void refuseIfLocked(String lockKey, @Nullable Account account, String login, ClientInfo client) {
		this.locks.refuseIfLocked(lockKey, account, login, client);
	}

	private static String normalize(@Nullable String login) {
		if (login == null || login.isBlank()) {
			throw new InvalidInputException("username", "is required");
		}
		String normalized = login.strip().toLowerCase(java.util.Locale.ROOT);
		return (normalized.length() > MAX_LOGIN_LENGTH) ? normalized.substring(0, MAX_LOGIN_LENGTH) : normalized;
	}

}
