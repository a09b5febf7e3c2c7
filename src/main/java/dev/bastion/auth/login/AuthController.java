package dev.bastion.auth.login;

import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.bastion.auth.session.CurrentLogin;
import dev.bastion.system.Secret;

/**
 * {@code /api/v1/auth}: login, refresh, logout; the password's change and reset are
 * {@code reset}'s.
 */
@RestController
class AuthController {

	private final Logins logins;

	AuthController(Logins logins) {
		this.logins = logins;
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
		UUID accountId = CurrentLogin.accountId(authentication);
		if (authentication instanceof JwtAuthenticationToken token) {
			this.logins.logout(accountId, CurrentLogin.currentSession(token), token.getToken().getId(),
					token.getToken().getExpiresAt(), (request != null) ? request.refreshToken() : null);
		}
		return ResponseEntity.noContent().build();
	}

	/**
	 * Redacted whole: a password typed into the username field must not reach a log
	 * either.
	 */
	record LoginRequest(@Nullable String username, @Nullable Secret password, @Nullable Secret totpCode,
			LoginSecondStep.@Nullable PasskeyProof passkey, @Nullable Secret deviceToken) {

		@Override
		public String toString() {
			return "LoginRequest[<redacted>]";
		}

	}

	record RefreshRequest(@Nullable Secret refreshToken) {

	}

	record LogoutRequest(@Nullable Secret refreshToken) {

	}

}
