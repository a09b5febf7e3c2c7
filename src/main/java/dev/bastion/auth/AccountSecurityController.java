package dev.bastion.auth;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.bastion.auth.ApiKeys.ApiKey;
import dev.bastion.auth.ApiKeys.NewApiKey;
import dev.bastion.auth.SecondFactor.Setup;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;

/**
 * The caller's own logins, API keys and second factor. Ids of other accounts' objects are
 * answered with 404, exactly like ids that do not exist.
 */
@RestController
class AccountSecurityController {

	private static final MediaType SVG = MediaType.parseMediaType("image/svg+xml");

	private final Sessions sessions;

	private final Logins logins;

	private final ApiKeys apiKeys;

	private final SecondFactor secondFactor;

	private final Reauthentication reauthentication;

	AccountSecurityController(Sessions sessions, Logins logins, ApiKeys apiKeys, SecondFactor secondFactor,
			Reauthentication reauthentication) {
		this.sessions = sessions;
		this.logins = logins;
		this.apiKeys = apiKeys;
		this.secondFactor = secondFactor;
		this.reauthentication = reauthentication;
	}

	@GetMapping("/api/v1/users/me/sessions")
	Map<String, List<SessionView>> sessions(Authentication authentication) {
		UUID current = AuthController.currentSession(authentication);
		return Map.of("sessions",
				this.sessions.list(AuthController.accountId(authentication))
					.stream()
					.map((session) -> new SessionView(session.id(), session.createdAt(), session.lastUsedAt(),
							session.ip(), session.userAgent(), session.id().equals(current)))
					.toList());
	}

	@DeleteMapping("/api/v1/users/me/sessions/{id}")
	ResponseEntity<Void> revokeSession(Authentication authentication, @PathVariable UUID id) {
		if (!this.sessions.owns(AuthController.accountId(authentication), id)) {
			throw new BastionException(ErrorCode.NOT_FOUND, "You have no such session.");
		}
		this.logins.revokeSession(id);
		return ResponseEntity.noContent().build();
	}

	/** Needs the password, and the current code when two-factor authentication is on. */
	@PostMapping("/api/v1/users/me/api-keys")
	ResponseEntity<NewApiKey> createApiKey(Authentication authentication, @RequestBody ApiKeyRequest request) {
		UUID accountId = AuthController.accountId(authentication);
		NewApiKey key = this.apiKeys.create(accountId, request.name(), request.expiresAt(),
				() -> this.reauthentication.confirm(accountId, request.currentPassword(), request.totpCode()));
		return ResponseEntity.created(URI.create("/api/v1/users/me/api-keys/" + key.id())).body(key);
	}

	@GetMapping("/api/v1/users/me/api-keys")
	Map<String, List<ApiKey>> apiKeys(Authentication authentication) {
		return Map.of("api_keys", this.apiKeys.list(AuthController.accountId(authentication)));
	}

	@DeleteMapping("/api/v1/users/me/api-keys/{id}")
	ResponseEntity<Void> revokeApiKey(Authentication authentication, @PathVariable UUID id) {
		this.apiKeys.revoke(AuthController.accountId(authentication), id);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/api/v1/auth/totp/setup")
	Setup setupTotp(Authentication authentication, @RequestBody PasswordRequest request) {
		return this.secondFactor.setup(AuthController.accountId(authentication), request.password());
	}

	/**
	 * The pending setup's {@code otpauth://} URI as a QR code, drawn here so the secret
	 * never goes to a third-party QR service.
	 */
	@GetMapping(path = "/api/v1/auth/totp/qr-code", produces = "image/svg+xml")
	ResponseEntity<String> totpQrCode(Authentication authentication) {
		String uri = this.secondFactor.pendingUri(AuthController.accountId(authentication))
			.orElseThrow(() -> new BastionException(ErrorCode.NOT_FOUND, "Start the setup first."));
		return ResponseEntity.ok().contentType(SVG).body(QrCodes.svg(uri));
	}

	@PostMapping("/api/v1/auth/totp/confirm")
	Map<String, List<String>> confirmTotp(Authentication authentication, @RequestBody CodeRequest request) {
		return Map.of("recovery_codes",
				this.secondFactor.confirm(AuthController.accountId(authentication), request.totpCode()));
	}

	@PostMapping("/api/v1/auth/totp/disable")
	ResponseEntity<Void> disableTotp(Authentication authentication, @RequestBody DisableRequest request) {
		this.secondFactor.disable(AuthController.accountId(authentication), request.password(), request.totpCode());
		return ResponseEntity.noContent().build();
	}

	record SessionView(UUID id, Instant createdAt, Instant lastUsedAt, @Nullable String ip, @Nullable String userAgent,
			boolean current) {
	}

	record ApiKeyRequest(@Nullable String name, @Nullable Instant expiresAt, @Nullable String currentPassword,
			@Nullable String totpCode) {

		@Override
		public String toString() {
			return "ApiKeyRequest[name=" + this.name + "]";
		}

	}

	record PasswordRequest(@Nullable String password) {

		@Override
		public String toString() {
			return "PasswordRequest[<redacted>]";
		}

	}

	record CodeRequest(@Nullable String totpCode) {

		@Override
		public String toString() {
			return "CodeRequest[<redacted>]";
		}

	}

	record DisableRequest(@Nullable String password, @Nullable String totpCode) {

		@Override
		public String toString() {
			return "DisableRequest[<redacted>]";
		}

	}

}
