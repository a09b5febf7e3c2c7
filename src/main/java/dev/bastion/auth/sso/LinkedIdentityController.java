package dev.bastion.auth.sso;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.bastion.auth.session.CurrentLogin;
import dev.bastion.auth.sso.LinkedIdentities.LinkedIdentity;
import dev.bastion.system.Secret;

/**
 * {@code /api/v1/users/me/sso-links}: the caller's linked provider identities. Ids of
 * other accounts' links are answered with 404, exactly like ids that do not exist.
 */
@RestController
final class LinkedIdentityController {

	private final LinkedIdentities identities;

	LinkedIdentityController(LinkedIdentities identities) {
		this.identities = identities;
	}

	@GetMapping("/api/v1/users/me/sso-links")
	Map<String, List<LinkedIdentity>> list(Authentication authentication) {
		return Map.of("sso_links", this.identities.list(CurrentLogin.accountId(authentication)));
	}

	/** Needs the password, and the current code when two-factor authentication is on. */
	@DeleteMapping("/api/v1/users/me/sso-links/{id}")
	ResponseEntity<Void> remove(Authentication authentication, @PathVariable UUID id,
			@RequestBody(required = false) @Nullable RemovalRequest request) {
		this.identities.remove(CurrentLogin.accountId(authentication), id,
				(request != null) ? request.currentPassword() : null, (request != null) ? request.totpCode() : null);
		return ResponseEntity.noContent().build();
	}

	record RemovalRequest(@Nullable Secret currentPassword, @Nullable Secret totpCode) {

	}

}
