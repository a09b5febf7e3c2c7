package dev.bastion.auth.passkey;

import java.net.URI;
import java.util.List;
import java.util.Map;

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

import dev.bastion.auth.passkey.Passkeys.PasskeyView;
import dev.bastion.auth.session.CurrentLogin;
import dev.bastion.system.Secret;

/**
 * The caller's own passkeys in the API: made and removed after re-authentication, listed;
 * another account's are not found. Signing in with one is {@code login}'s.
 */
@RestController
class PasskeyController {

	private final Passkeys passkeys;

	PasskeyController(Passkeys passkeys) {
		this.passkeys = passkeys;
	}

	@PostMapping("/api/v1/users/me/passkeys/options")
	JsonNode registrationOptions(Authentication authentication, @RequestBody ReauthenticationRequest request) {
		return this.passkeys.registrationOptions(CurrentLogin.accountId(authentication), request.currentPassword(),
				request.totpCode());
	}

	@PostMapping("/api/v1/users/me/passkeys")
	ResponseEntity<PasskeyView> register(Authentication authentication, @RequestBody RegistrationRequest request) {
		PasskeyView passkey = this.passkeys.register(CurrentLogin.accountId(authentication), request.name(),
				request.challenge(), request.credential());
		return ResponseEntity.created(URI.create("/api/v1/users/me/passkeys/" + passkey.id())).body(passkey);
	}

	@GetMapping("/api/v1/users/me/passkeys")
	Map<String, List<PasskeyView>> list(Authentication authentication) {
		return Map.of("passkeys", this.passkeys.list(CurrentLogin.accountId(authentication)));
	}

	@DeleteMapping("/api/v1/users/me/passkeys/{id}")
	ResponseEntity<Void> remove(Authentication authentication, @PathVariable String id,
			@RequestBody(required = false) @Nullable ReauthenticationRequest request) {
		this.passkeys.remove(CurrentLogin.accountId(authentication), id,
				(request != null) ? request.currentPassword() : null, (request != null) ? request.totpCode() : null);
		return ResponseEntity.noContent().build();
	}

	record ReauthenticationRequest(@Nullable Secret currentPassword, @Nullable Secret totpCode) {

	}

	record RegistrationRequest(@Nullable String name, @Nullable String challenge, @Nullable JsonNode credential) {

	}

}
