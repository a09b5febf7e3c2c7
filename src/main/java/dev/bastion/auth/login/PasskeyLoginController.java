package dev.bastion.auth.login;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.bastion.auth.AuthProperties;
import dev.bastion.auth.passkey.PasskeyAssertions;
import dev.bastion.system.Secret;

/**
 * Signing in with a passkey in the API, which gives the same tokens as a password login.
 * The web UI signs in at {@code /web/session/passkey} instead.
 */
@RestController
class PasskeyLoginController {

	private final PasskeyAssertions assertions;

	private final PasskeyLogins logins;

	private final AuthProperties properties;

	PasskeyLoginController(PasskeyAssertions assertions, PasskeyLogins logins, AuthProperties properties) {
		this.assertions = assertions;
		this.logins = logins;
		this.properties = properties;
	}

	/**
	 * Options for {@code navigator.credentials.get()}, with a fresh single-use challenge.
	 */
	@PostMapping("/api/v1/auth/passkey/options")
	JsonNode signInOptions() {
		return this.assertions.signInOptions();
	}

	@PostMapping("/api/v1/auth/passkey/login")
	TokenResponse login(@RequestBody LoginRequest request, HttpServletRequest http) {
		return this.logins.login(request.challenge(), request.credential(), request.deviceToken(), ClientInfo.of(http),
				this.properties.refreshTokenTtl());
	}

	/**
	 * A sign-in: the challenge the options gave, and the browser's assertion (redacted
	 * too: it is not a {@link Secret}, and nobody needs it in a log).
	 */
	record LoginRequest(@Nullable String challenge, @Nullable JsonNode credential, @Nullable Secret deviceToken) {

		@Override
		public String toString() {
			return "PasskeyLoginRequest[<redacted>]";
		}

	}

}
