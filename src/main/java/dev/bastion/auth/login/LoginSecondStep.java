package dev.bastion.auth.login;

import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.bastion.account.Account;
import dev.bastion.auth.SecondFactorRequirement;
import dev.bastion.auth.passkey.PasskeyAssertions;
import dev.bastion.auth.totp.SecondFactor;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;
import dev.bastion.system.Secret;

/**
 * The second step of a password login, once the password is right. An account with TOTP
 * on proves a code (or a recovery code) or, instead, one of its passkeys; an account
 * {@code REQUIRE_2FA} covers that has passkeys but no TOTP proves a passkey. Without a
 * proof the login answers {@code 401 INVALID_CREDENTIALS} saying which step is wanted
 * ({@code totp_required}, {@code passkey_allowed}, {@code passkey_required}); a wrong
 * proof fails the login like a wrong password.
 */
final class LoginSecondStep {

	private final SecondFactor totp;

	private final PasskeyAssertions passkeys;

	private final SecondFactorRequirement requirement;

	LoginSecondStep(SecondFactor totp, PasskeyAssertions passkeys, SecondFactorRequirement requirement) {
		this.totp = totp;
		this.passkeys = passkeys;
		this.requirement = requirement;
	}

	/** Null when the second step is passed or not needed, else why the proof failed. */
	@Nullable String check(Account user, Proof proof) {
		PasskeyProof passkey = proof.passkey();
		if (passkey != null) {
			return this.passkeys.secondStep(user, passkey.challenge(), passkey.credential());
		}
		Secret code = proof.totpCode();
		if (user.totpEnabled()) {
			if (code == null || code.isBlank()) {
				Map<String, Object> wanted = new HashMap<>(Map.of("totp_required", true));
				if (this.passkeys.held(user.id())) {
					wanted.put("passkey_allowed", true);
				}
				throw new BastionException(ErrorCode.INVALID_CREDENTIALS, "Enter the code from your authenticator app.",
						null, wanted);
			}
			return this.totp.verify(user, code) ? null : "totp";
		}
		if (this.requirement.covers(user) && this.passkeys.held(user.id())) {
			throw new BastionException(ErrorCode.INVALID_CREDENTIALS, "Confirm with your passkey.", null,
					Map.of("passkey_required", true));
		}
		return null;
	}

	/**
	 * What a login may bring beside the password: a TOTP or recovery code, or a passkey.
	 */
	record Proof(@Nullable Secret totpCode, @Nullable PasskeyProof passkey) {

	}

	/**
	 * A passkey's assertion answering a challenge from
	 * {@code /api/v1/auth/passkey/options}.
	 */
	record PasskeyProof(@Nullable String challenge, @Nullable JsonNode credential) {

		@Override
		public String toString() {
			return "PasskeyProof[<redacted>]";
		}

	}

}
