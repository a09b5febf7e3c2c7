package dev.bastion.auth;

import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.bastion.auth.Passkeys.PasskeyView;

/**
 * Passkeys in the API: the caller's own (made after re-authentication, listed, removed;
 * another account's are not found), and signing in with one, which gives the same tokens
 * as a password login. The web UI signs in at {@code /web/session/passkey} instead.
 */
@RestController
class PasskeyController {

	private final Passkeys passkeys;

	private final PasskeyLogins logins;

	private final AuthProperties properties;

	PasskeyController(Passkeys passkeys, PasskeyLogins logins, AuthProperties properties) {
		this.passkeys = passkeys;
		this.logins = logins;
		this.properties = properties;
	}

	@PostMapping("/api/v1/users/me/passkeys/options")
	JsonNode registrationOptions(Authentication authentication, @RequestBody ReauthenticationRequest request) {
		return this.passkeys.registrationOptions(AuthController.accountId(authentication), request.currentPassword(),
				request.totpCode());
	}

	@PostMapping("/api/v1/users/me/passkeys")
	ResponseEntity<PasskeyView> register(Authentication authentication, @RequestBody RegistrationRequest request) {
		PasskeyView passkey = this.passkeys.register(AuthController.accountId(authentication), request.name(),
				request.challenge(), request.credential());
		return ResponseEntity.created(URI.create("/api/v1/users/me/passkeys/" + passkey.id())).body(passkey);
	}

	@GetMapping("/api/v1/users/me/passkeys")
	Map<String, List<PasskeyView>> list(Authentication authentication) {
		return Map.of("passkeys", this.passkeys.list(AuthController.accountId(authentication)));
	}

	@DeleteMapping("/api/v1/users/me/passkeys/{id}")
	ResponseEntity<Void> remove(Authentication authentication, @PathVariable String id) {
		this.passkeys.remove(AuthController.accountId(authentication), id);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/api/v1/auth/passkey/options")
	JsonNode signInOptions() {
		return this.logins.options();
	}

	@PostMapping("/api/v1/auth/passkey/login")
	TokenResponse login(@RequestBody LoginRequest request, HttpServletRequest http) {
		return this.logins.login(request.challenge(), request.credential(), request.deviceToken(), ClientInfo.of(http),
				this.properties.refreshTokenTtl());
	}

	record ReauthenticationRequest(@Nullable String currentPassword, @Nullable String totpCode) {

		@Override
		public String toString() {
			return "ReauthenticationRequest[<redacted>]";
		}

	}

	record RegistrationRequest(@Nullable String name, @Nullable String challenge, @Nullable JsonNode credential) {

	}

	/** A sign-in: the challenge the options gave, and the browser's assertion. */
	record LoginRequest(@Nullable String challenge, @Nullable JsonNode credential, @Nullable String deviceToken) {

		@Override
		public String toString() {
			return "PasskeyLoginRequest[<redacted>]";
		}

	}

}
