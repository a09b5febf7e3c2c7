package dev.bastion.auth.passkey;

import java.util.List;

import org.springframework.security.web.webauthn.api.AuthenticatorSelectionCriteria;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRequestOptions;
import org.springframework.security.web.webauthn.api.ResidentKeyRequirement;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;

/**
 * The ceremony options Bastion asks for: discoverable credentials (a sign-in needs no
 * username) with user verification required (a PIN or biometric on the authenticator), so
 * that a passkey is two factors in one and stands in for password and code.
 */
final class PasskeyOptions {

	private PasskeyOptions() {
	}

	/** What Spring's defaults become for a registration. */
	static void customize(PublicKeyCredentialCreationOptions.PublicKeyCredentialCreationOptionsBuilder options) {
		options
			.authenticatorSelection(AuthenticatorSelectionCriteria.builder()
				.residentKey(ResidentKeyRequirement.REQUIRED)
				.userVerification(UserVerificationRequirement.REQUIRED)
				.build())
			.timeout(PasskeyChallenges.LIFETIME);
	}

	/**
	 * The registration options a challenge was handed out with: the same account, site
	 * and rules, rebuilt rather than kept, since the challenge alone is what varies.
	 */
	static PublicKeyCredentialCreationOptions withChallenge(PublicKeyCredentialCreationOptions options,
			Bytes challenge) {
		return PublicKeyCredentialCreationOptions.builder()
			.rp(options.getRp())
			.user(options.getUser())
			.challenge(challenge)
			.pubKeyCredParams(options.getPubKeyCredParams())
			.timeout(options.getTimeout())
			.excludeCredentials(options.getExcludeCredentials())
			.authenticatorSelection(options.getAuthenticatorSelection())
			.attestation(options.getAttestation())
			.extensions(options.getExtensions())
			.build();
	}

	/**
	 * Sign-in options: no allowed list (any passkey of this site), verification required.
	 */
	static PublicKeyCredentialRequestOptions signIn(RelyingParty party, Bytes challenge) {
		return PublicKeyCredentialRequestOptions.builder()
			.challenge(challenge)
			.rpId(party.id())
			.allowCredentials(List.of())
			.userVerification(UserVerificationRequirement.REQUIRED)
			.timeout(PasskeyChallenges.LIFETIME)
			.build();
	}

}
