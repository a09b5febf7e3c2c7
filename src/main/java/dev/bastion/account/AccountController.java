package dev.bastion.account;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.bastion.system.Secret;

/**
 * Registration and the caller's own account. Every route works on the authenticated
 * account only: there is no id in the path to guess.
 */
@RestController
class AccountController {

	private final AccountManagement accounts;

	private final Registrations registrations;

	AccountController(AccountManagement accounts, Registrations registrations) {
		this.accounts = accounts;
		this.registrations = registrations;
	}

	/** {@code 201} with the user, {@code pending} under {@code REGISTRATION=approval}. */
	@PostMapping("/api/v1/auth/register")
	ResponseEntity<Profile> register(@RequestBody RegistrationRequest request) {
		Profile profile = this.registrations.register(request.username(), request.email(),
				Secret.revealed(request.password()), Secret.revealed(request.inviteCode()));
		return ResponseEntity.created(URI.create("/api/v1/users/me")).body(profile);
	}

	/** Who may sign up, so that the web UI's register screen can say so. */
	@GetMapping("/api/v1/auth/registration")
	Map<String, String> registration() {
		return Map.of("mode", this.registrations.mode().value());
	}

	@GetMapping("/api/v1/users/me")
	Profile me(Authentication authentication) {
		return this.accounts.profile(accountId(authentication));
	}

	@PatchMapping("/api/v1/users/me")
	Profile update(Authentication authentication, @RequestBody ProfileUpdate update) {
		return this.accounts.updateProfile(accountId(authentication), update.email(), update.displayName(),
				update.bio(), Secret.revealed(update.currentPassword()));
	}

	@DeleteMapping("/api/v1/users/me")
	ResponseEntity<Void> delete(Authentication authentication, @RequestBody DeletionRequest request) {
		this.accounts.delete(accountId(authentication), Secret.revealed(request.password()));
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/api/v1/users/me/export")
	ResponseEntity<Map<String, Object>> export(Authentication authentication) {
		return ResponseEntity.ok()
			.header("Content-Disposition", "attachment; filename=\"bastion-export.json\"")
			.body(this.accounts.export(accountId(authentication)));
	}

	static UUID accountId(Authentication authentication) {
		return UUID.fromString(authentication.getName());
	}

	/**
	 * {@code invite_code}: required under {@code REGISTRATION=invite}; in the other modes
	 * optional, and when given it must be a live invite (the account is then active at
	 * once).
	 */
	record RegistrationRequest(@Nullable String username, @Nullable String email, @Nullable Secret password,
			@Nullable Secret inviteCode) {

	}

	record ProfileUpdate(@Nullable String email, @Nullable String displayName, @Nullable String bio,
			@Nullable Secret currentPassword) {

	}

	record DeletionRequest(@Nullable Secret password) {

	}

}
