package dev.bastion.auth;

import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.bastion.account.Account;
import dev.bastion.account.AccountManagement;
import dev.bastion.auth.SecurityEvents.PasswordChanged;
import dev.bastion.auth.token.AccessTokens;

/**
 * {@code /api/v1/auth}: login, refresh, logout, password change and reset.
 */
@RestController
class AuthController {

	static final Map<String, String> RESET_REQUESTED = Map.of("message",
			"If the address belongs to an account, a link to reset its password is on its way.");

	private final Logins logins;

	private final PasswordReset reset;

	private final AccountManagement accounts;

	private final ApplicationEventPublisher events;

	private final DeviceTokens devices;

	private final ApiKeys apiKeys;

	AuthController(Logins logins, PasswordReset reset, AccountManagement accounts, ApplicationEventPublisher events,
			DeviceTokens devices, ApiKeys apiKeys) {
		this.logins = logins;
		this.reset = reset;
		this.accounts = accounts;
		this.events = events;
		this.devices = devices;
		this.apiKeys = apiKeys;
	}

	@PostMapping("/api/v1/auth/login")
	TokenResponse login(@RequestBody LoginRequest request, HttpServletRequest http) {
		return this.logins.login(request.username(), request.password(),
				new LoginSecondStep.Proof(request.totpCode(), request.passkey()), request.deviceToken(),
				ClientInfo.of(http));
	}

	@PostMapping("/api/v1/auth/refresh")
	TokenResponse refresh(@RequestBody RefreshRequest request, HttpServletRequest http) {
		return this.logins.refresh(request.refreshToken(), ClientInfo.of(http));
	}

	@PostMapping("/api/v1/auth/logout")
	ResponseEntity<Void> logout(Authentication authentication, @RequestBody(required = false) LogoutRequest request) {
		UUID accountId = accountId(authentication);
		if (authentication instanceof JwtAuthenticationToken token) {
			this.logins.logout(accountId, currentSession(token), token.getToken().getId(),
					token.getToken().getExpiresAt(), (request != null) ? request.refreshToken() : null);
		}
		return ResponseEntity.noContent().build();
	}

	/**
	 * Ends every other login and every device token (an attacker who knew the old
	 * password may hold one), and unless asked not to, every API key.
	 */
	@PostMapping("/api/v1/auth/password/change")
	ResponseEntity<Void> changePassword(Authentication authentication, @RequestBody PasswordChange request) {
		UUID accountId = accountId(authentication);
		Account account = this.accounts.verifyPassword(accountId, request.currentPassword(), "current_password");
		this.accounts.setPassword(accountId, request.newPassword(), "new_password");
		this.logins.revokeSessions(accountId, currentSession(authentication));
		this.devices.forgetAll(accountId);
		if (!Boolean.FALSE.equals(request.revokeApiKeys())) {
			this.apiKeys.revokeAll(accountId, "password-change");
		}
		this.events.publishEvent(new PasswordChanged(accountId, account.username(), "change"));
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/api/v1/auth/password/reset-request")
	ResponseEntity<Map<String, String>> requestReset(@RequestBody ResetRequest request) {
		this.reset.request(request.email());
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(RESET_REQUESTED);
	}

	@PostMapping("/api/v1/auth/password/reset")
	ResponseEntity<Void> reset(@RequestBody Reset request) {
		this.reset.reset(request.token(), request.newPassword());
		return ResponseEntity.noContent().build();
	}

	static UUID accountId(Authentication authentication) {
		return UUID.fromString(authentication.getName());
	}

	/** The login an access token belongs to; none for API keys. */
	static @Nullable UUID currentSession(Authentication authentication) {
		String sid = (authentication instanceof JwtAuthenticationToken token)
				? token.getToken().getClaimAsString(AccessTokens.SESSION_CLAIM) : null;
		return (sid != null) ? UUID.fromString(sid) : null;
	}

	record LoginRequest(@Nullable String username, @Nullable String password, @Nullable String totpCode,
			LoginSecondStep.@Nullable PasskeyProof passkey, @Nullable String deviceToken) {

		@Override
		public String toString() {
			return "LoginRequest[<redacted>]";
		}

	}

	record RefreshRequest(@Nullable String refreshToken) {

		@Override
		public String toString() {
			return "RefreshRequest[<redacted>]";
		}

	}

	record LogoutRequest(@Nullable String refreshToken) {

		@Override
		public String toString() {
			return "LogoutRequest[<redacted>]";
		}

	}

	/**
	 * @param revokeApiKeys whether the account's API keys end too (absent: yes)
	 */
	record PasswordChange(@Nullable String currentPassword, @Nullable String newPassword,
			@Nullable Boolean revokeApiKeys) {

		@Override
		public String toString() {
			return "PasswordChange[<redacted>]";
		}

	}

	record ResetRequest(@Nullable String email) {

	}

	record Reset(@Nullable String token, @Nullable String newPassword) {

		@Override
		public String toString() {
			return "Reset[<redacted>]";
		}

	}

}
