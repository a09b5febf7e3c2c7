package dev.bastion.auth;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.web.webauthn.api.AuthenticatorAssertionResponse;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.PublicKeyCredential;

import dev.bastion.account.Account;
import dev.bastion.account.AccountDirectory;
import dev.bastion.crypto.Secrets;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;

/**
 * Signing in with a passkey alone: the passkey names its account (a discoverable
 * credential), Spring Security's WebAuthn support verifies the assertion, and the rest is
 * the password login's own path: the same lock (checked before the assertion, counted on
 * failure), the same refusal of deactivated and pending accounts, audit events, device
 * token, session and tokens.
 */
final class PasskeyLogins {

	private static final String INVALID = "This passkey could not sign you in.";

	private static final int FINGERPRINT_LENGTH = 16;

	private final RelyingPartyOperations operations;

	private final PasskeyUsers users;

	private final PasskeyAssertions assertions;

	private final PasskeyChallenges challenges;

	private final Logins logins;

	private final AccountDirectory accounts;

	private final DeviceTokens devices;

	private final Secrets secrets;

	private final ApplicationEventPublisher events;

	private final LocalLogin localLogin;

	PasskeyLogins(RelyingPartyOperations operations, PasskeyUsers users, PasskeyAssertions assertions,
			PasskeyChallenges challenges, Logins logins, AccountDirectory accounts, DeviceTokens devices,
			Secrets secrets, ApplicationEventPublisher events, LocalLogin localLogin) {
		this.localLogin = localLogin;
		this.operations = operations;
		this.users = users;
		this.assertions = assertions;
		this.challenges = challenges;
		this.logins = logins;
		this.accounts = accounts;
		this.devices = devices;
		this.secrets = secrets;
		this.events = events;
	}

	/**
	 * Options for {@code navigator.credentials.get()}, with a fresh single-use challenge.
	 */
	JsonNode options() {
		RelyingParty party = this.operations.party();
		Bytes challenge = Bytes.random();
		this.challenges.remember(challenge, null);
		return PasskeyJson.write(PasskeyOptions.signIn(party, challenge));
	}

	TokenResponse login(@Nullable String challenge, @Nullable JsonNode credential, @Nullable String deviceToken,
			ClientInfo client, Duration lifetime) {
		this.operations.party();
		PublicKeyCredential<AuthenticatorAssertionResponse> assertion = PasskeyJson.assertion(credential);
		CredentialRecord record = this.assertions.record(assertion);
		Optional<Account> owner = Optional.ofNullable(record)
			.flatMap((found) -> this.users.accountOf(found.getUserEntityUserId()))
			.flatMap(this.accounts::findById);
		if (record == null || owner.isEmpty()) {
			// A passkey removed, never registered, or made for another site: the
			// challenge
			// is spent all the same, and the address-level detection counts the attempt.
			this.challenges.consume(challenge, null);
			String login = "passkey " + assertion.getRawId().toBase64UrlString();
			this.events.publishEvent(new LoginFailed(null, null, "passkey-unknown", client.ip(),
					this.secrets.hash("login " + login).substring(0, FINGERPRINT_LENGTH)));
			throw new BastionException(ErrorCode.INVALID_CREDENTIALS, INVALID);
		}
		Account account = owner.get();
		Optional<UUID> device = this.devices.verify(deviceToken, account.id());
		String lockKey = device.map((id) -> "device:" + id).orElseGet(() -> "account:" + account.id());
		this.logins.refuseIfLocked(lockKey, account, account.username(), client);
		String refusal = this.assertions.verify(challenge, assertion, record, account);
		if (refusal != null || !account.active()) {
			this.logins.failed(lockKey, account, account.username(), (refusal != null) ? refusal : "passkey",
					device.isPresent(), client);
			throw new BastionException(ErrorCode.INVALID_CREDENTIALS, INVALID);
		}
		if (account.pending()) {
			throw new BastionException(ErrorCode.ACCOUNT_PENDING,
					"Your account is waiting for an administrator's approval; try again once it is approved.");
		}
		this.localLogin.refuseUnlessAllowed(account);
		return this.logins.succeed(account, lockKey, device, client, lifetime, "passkey");
	}

}
