package dev.bastion.auth.reset;

import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.bastion.account.Account;
import dev.bastion.account.AccountManagement;
import dev.bastion.audit.SecurityEvent;
import dev.bastion.auth.apikey.ApiKeys;
import dev.bastion.auth.login.DeviceTokens;
import dev.bastion.auth.login.Logins;
import dev.bastion.auth.reset.PasswordEvents.PasswordChanged;
import dev.bastion.auth.session.CurrentLogin;
import dev.bastion.system.Secret;

/**
 * {@code /api/v1/auth/password}: the owner's password change, and the reset of a
 * forgotten one.
 */
@RestController
class PasswordController {

	static final Map<String, String> RESET_REQUESTED = Map.of("message",
			"If the address belongs to an account, a link to reset its password is on its way.");

	private final Logins logins;

	private final PasswordReset reset;

	private final AccountManagement accounts;

	private final ApplicationEventPublisher events;

	private final DeviceTokens devices;

	private final ApiKeys apiKeys;

	PasswordController(Logins logins, PasswordReset reset, AccountManagement accounts, ApplicationEventPublisher events,
			DeviceTokens devices, ApiKeys apiKeys) {
		this.logins = logins;
		this.reset = reset;
		this.accounts = accounts;
		this.events = events;
		this.devices = devices;
		this.apiKeys = apiKeys;
	}

	/**
	 * Ends every other login and every device token (an attacker who knew the old
	 * password may hold one), and unless asked not to, every API key.
	 */
	@PostMapping("/api/v1/auth/password/change")
	ResponseEntity<Void> changePassword(Authentication authentication, @RequestBody PasswordChange request) {
		UUID accountId = CurrentLogin.accountId(authentication);
		Account account = this.accounts.verifyPassword(accountId, Secret.revealed(request.currentPassword()),
				"current_password");
		this.accounts.setPassword(accountId, Secret.revealed(request.newPassword()), "new_password");
		this.logins.revokeSessions(accountId, CurrentLogin.currentSession(authentication));
		this.devices.forgetAll(accountId);
		if (!Boolean.FALSE.equals(request.revokeApiKeys())) {
			this.apiKeys.revokeAll(accountId, "password-change");
		}
		this.events.publishEvent(new PasswordChanged(accountId, account.username(), "change"));
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/api/v1/auth/password/reset-request")
	ResponseEntity<Map<String, String>> requestReset(@RequestBody ResetRequest request, HttpServletRequest http) {
		this.reset.request(request.email(),
				new SecurityEvent.Caller(http.getRemoteAddr(), http.getHeader("User-Agent")));
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(RESET_REQUESTED);
	}

	@PostMapping("/api/v1/auth/password/reset")
	ResponseEntity<Void> reset(@RequestBody Reset request) {
		this.reset.reset(request.token(), request.newPassword());
		return ResponseEntity.noContent().build();
	}

	/**
	 * @param revokeApiKeys whether the account's API keys end too (absent: yes)
	 */
	record PasswordChange(@Nullable Secret currentPassword, @Nullable Secret newPassword,
			@Nullable Boolean revokeApiKeys) {

	}

	record ResetRequest(@Nullable String email) {
	}

	record Reset(@Nullable Secret token, @Nullable Secret newPassword) {

	}

}
