package dev.bastion.auth.login;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ApplicationEventPublisher;

import dev.bastion.account.Account;
import dev.bastion.auth.LoginFailed;
import dev.bastion.auth.passkey.PasskeyAssertions;
import dev.bastion.crypto.Secrets;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;
import dev.bastion.system.Secret;

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

	private final PasskeyAssertions assertions;

	private final Logins logins;

	private final DeviceTokens devices;

	private final Secrets secrets;

	private final ApplicationEventPublisher events;

	private final LocalLogin localLogin;

	PasskeyLogins(PasskeyAssertions assertions, Logins logins, DeviceTokens devices, Secrets secrets,
			ApplicationEventPublisher events, LocalLogin localLogin) {
		this.localLogin = localLogin;
		this.assertions = assertions;
		this.logins = logins;
		this.devices = devices;
		this.secrets = secrets;
		this.events = events;
	}

	TokenResponse login(@Nullable String challenge, @Nullable JsonNode credential, @Nullable Secret deviceToken,
			ClientInfo client, Duration lifetime) {
		PasskeyAssertions.Claim claim = this.assertions.claim(challenge, credential);
		if (!(claim instanceof PasskeyAssertions.Known known)) {
			// A passkey removed, never registered, or made for another site: the
			// challenge is spent all the same, and the address-level detection counts
			// the attempt.
			String login = "passkey " + claim.credentialId();
			this.events.publishEvent(new LoginFailed(null, null, "passkey-unknown", client.ip(),
					this.secrets.hash("login " + login).substring(0, FINGERPRINT_LENGTH)));
			throw new BastionException(ErrorCode.INVALID_CREDENTIALS, INVALID);
		}
		Account account = known.account();
		Optional<UUID> device = this.devices.verify(deviceToken, account.id());
		String lockKey = device.map((id) -> "device:" + id).orElseGet(() -> "account:" + account.id());
		this.logins.refuseIfLocked(lockKey, account, account.username(), client);
		String refusal = this.assertions.verify(challenge, known);
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
