package dev.bastion.auth.apikey;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.bastion.auth.apikey.ApiKeys.ApiKey;
import dev.bastion.auth.apikey.ApiKeys.NewApiKey;
import dev.bastion.auth.session.CurrentLogin;
import dev.bastion.auth.totp.Reauthentication;
import dev.bastion.system.Secret;

/**
 * The caller's own API keys. Ids of other accounts' keys are answered with 404, exactly
 * like ids that do not exist.
 */
@RestController
class ApiKeyController {

	private final ApiKeys apiKeys;

	private final Reauthentication reauthentication;

	ApiKeyController(ApiKeys apiKeys, Reauthentication reauthentication) {
		this.apiKeys = apiKeys;
		this.reauthentication = reauthentication;
	}

	/** Needs the password, and the current code when two-factor authentication is on. */
	@PostMapping("/api/v1/users/me/api-keys")
	ResponseEntity<NewApiKey> createApiKey(Authentication authentication, @RequestBody ApiKeyRequest request) {
		UUID accountId = CurrentLogin.accountId(authentication);
		NewApiKey key = this.apiKeys.create(accountId, request.name(), request.expiresAt(),
				() -> this.reauthentication.confirm(accountId, request.currentPassword(), request.totpCode()));
		return ResponseEntity.created(URI.create("/api/v1/users/me/api-keys/" + key.id())).body(key);
	}

	@GetMapping("/api/v1/users/me/api-keys")
	Map<String, List<ApiKey>> apiKeys(Authentication authentication) {
		return Map.of("api_keys", this.apiKeys.list(CurrentLogin.accountId(authentication)));
	}

	@DeleteMapping("/api/v1/users/me/api-keys/{id}")
	ResponseEntity<Void> revokeApiKey(Authentication authentication, @PathVariable UUID id) {
		this.apiKeys.revoke(CurrentLogin.accountId(authentication), id);
		return ResponseEntity.noContent().build();
	}

	record ApiKeyRequest(@Nullable String name, @Nullable Instant expiresAt, @Nullable Secret currentPassword,
			@Nullable Secret totpCode) {

	}

}
