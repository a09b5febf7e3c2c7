package dev.bastion.auth.login;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import dev.bastion.account.Account;
import dev.bastion.account.AccountDirectory;
import dev.bastion.account.Profile;
import dev.bastion.audit.SecurityEvent;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;
import dev.bastion.system.Secret;

/**
 * Logins proven elsewhere (an identity provider, for single sign-on) finished as full
 * Bastion logins: the same lock, the same refusal of deactivated and pending accounts,
 * audit events, device token, session limit and revocation as a password login, kept in
 * the browser's session like one.
 */
@Component
public final class ExternalLogins {

	/**
	 * A session value: where the browser may go to end its identity provider's session
	 * too, offered at logout.
	 */
	public static final String END_SESSION_ATTRIBUTE = ExternalLogins.class.getName() + ".endSession";

	private static final String INVALID = "This sign-in could not be completed.";

	private final Logins logins;

	private final WebLogins webLogins;

	private final AccountDirectory accounts;

	private final DeviceTokens devices;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final LocalLogin localLogin;

	ExternalLogins(Logins logins, WebLogins webLogins, AccountDirectory accounts, DeviceTokens devices,
			ApplicationEventPublisher events, Clock clock, LocalLogin localLogin) {
		this.localLogin = localLogin;
		this.logins = logins;
		this.webLogins = webLogins;
		this.accounts = accounts;
		this.devices = devices;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Signs the browser in as {@code accountId}, whose identity {@code method} proved.
	 * @throws BastionException {@code ACCOUNT_LOCKED}, {@code ACCOUNT_PENDING}, or
	 * {@code INVALID_CREDENTIALS} for a deactivated or deleted account
	 */
	public Profile signIn(UUID accountId, String method, HttpServletRequest request, HttpServletResponse response) {
		Instant started = this.clock.instant();
		ClientInfo client = ClientInfo.of(request);
		Account account = this.accounts.findById(accountId)
			.orElseThrow(() -> new BastionException(ErrorCode.INVALID_CREDENTIALS, INVALID));
		Optional<UUID> device = this.devices.verify(this.webLogins.device(request), account.id());
		String lockKey = device.map((id) -> "device:" + id).orElseGet(() -> "account:" + account.id());
		this.logins.refuseIfLocked(lockKey, account, account.username(), client);
		if (!account.active()) {
			throw this.logins.failed(lockKey, account, account.username(), method, device.isPresent(), client);
		}
		if (account.pending()) {
			throw new BastionException(ErrorCode.ACCOUNT_PENDING,
					"Your account is waiting for an administrator's approval; try again once it is approved.");
		}
		TokenResponse tokens = this.logins.succeed(account, lockKey, device, client, this.webLogins.lifetime(), method);
		return this.webLogins.keep(tokens, started, request, response);
	}

	/**
	 * Signs the browser in as {@code accountId} once its owner proves its local password
	 * (and code, when it has a second factor), exactly as a password login checks them,
	 * lock and counting included, whatever {@code LOCAL_LOGIN} says; {@code link} runs
	 * between the proof and the login, and may change the account (its role).
	 */
	public Profile signInProvingPassword(UUID accountId, @Nullable Secret password, @Nullable Secret totpCode,
			String method, Consumer<Account> link, HttpServletRequest request, HttpServletResponse response) {
		Instant started = this.clock.instant();
		ClientInfo client = ClientInfo.of(request);
		Account account = this.accounts.findById(accountId)
			.orElseThrow(() -> new BastionException(ErrorCode.INVALID_CREDENTIALS, INVALID));
		PasswordProof proof = this.logins.prove(account.username(), password, new LoginSecondStep.Proof(totpCode, null),
				this.webLogins.device(request), client);
		if (!proof.account().id().equals(accountId)) {
			throw new BastionException(ErrorCode.INVALID_CREDENTIALS, INVALID);
		}
		link.accept(proof.account());
		Account linked = this.accounts.findById(accountId)
			.orElseThrow(() -> new BastionException(ErrorCode.INVALID_CREDENTIALS, INVALID));
		TokenResponse tokens = this.logins.succeed(linked, proof.lockKey(), proof.device(), client,
				this.webLogins.lifetime(), method);
		return this.webLogins.keep(tokens, started, request, response);
	}

	/**
	 * Whether {@code account} can sign in without its identity provider (with its
	 * password or a passkey), as {@code LOCAL_LOGIN} and its break-glass account decide.
	 */
	public boolean signsInLocally(Account account) {
		return this.localLogin.allows(account);
	}

	/**
	 * A sign-in that failed before any account was known (a forged or replayed answer
	 * from the provider, a refused identity): audited as {@code LOGIN_FAILED}, but not
	 * counted towards an address ban. Nothing is guessed at Bastion (the provider checks
	 * the credentials), and any web page can make its visitor's browser fail a sign-in at
	 * will (an image pointing at a start or a callback): counted, eleven of them banned
	 * the visitor's address for an hour.
	 */
	public void failed(String reason) {
		this.events.publishEvent(new ExternalLoginFailed(reason));
	}

	/** {@code LOGIN_FAILED}, as a password's, with the reason {@code oidc-...}. */
	record ExternalLoginFailed(String reason) implements SecurityEvent {

		@Override
		public Severity severity() {
			return Severity.WARNING;
		}

		@Override
		public Map<String, Object> details() {
			return Map.of("reason", this.reason);
		}

		@Override
		public String type() {
			return "LOGIN_FAILED";
		}

	}

}
