package dev.bastion.admin;

import java.net.URI;
import java.util.LinkedHashMap;
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
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.bastion.account.AccountAdministration.NewAccount;
import dev.bastion.account.AccountLimits.Limits;
import dev.bastion.admin.IncidentResponse.UserPage;
import dev.bastion.admin.UserAdministration.Details;
import dev.bastion.admin.UserAdministration.Usage;
import dev.bastion.admin.UserAdministration.UsageTotals;
import dev.bastion.admin.UserInvites.InvitedUser;
import dev.bastion.system.InvalidInputException;

/**
 * {@code /api/v1/admin/users}: finding, creating and deleting accounts, their second
 * factor, budget, models and usage (role ADMIN and a login, never an API key, like every
 * admin route). The roles and the pending sign-ups are {@link AdminController}'s.
 */
@RestController
class AdminUsersController {

	private static final int DEFAULT_PAGE_SIZE = 20;

	private final IncidentResponse incidents;

	private final UserAdministration users;

	private final UserInvites invites;

	AdminUsersController(IncidentResponse incidents, UserAdministration users, UserInvites invites) {
		this.incidents = incidents;
		this.users = users;
		this.invites = invites;
	}

	/**
	 * A page of accounts, oldest first (then by id: a stable order); {@code q} (or
	 * {@code query}) is part of a username or e-mail address, matched literally.
	 */
	@GetMapping("/api/v1/admin/users")
	UserPage list(@RequestParam(required = false) @Nullable String q,
			@RequestParam(required = false) @Nullable String query,
			@RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable String page,
			@RequestParam(required = false) @Nullable String size) {
		return this.incidents.users((q != null) ? q : query, status, number("page", page, 0),
				number("size", size, DEFAULT_PAGE_SIZE));
	}

	/**
	 * An active account with a one-time password or, with {@code invite: true}, an invite
	 * link for the user's e-mail address with which they choose their own password.
	 */
	@PostMapping("/api/v1/admin/users")
	ResponseEntity<?> create(Authentication admin, @RequestBody CreateRequest request) {
		if (Boolean.TRUE.equals(request.invite())) {
			InvitedUser invited = this.invites.invite(actor(admin), request.username(), request.email(), request.role(),
					request.expiresIn());
			return ResponseEntity.created(URI.create("/api/v1/admin/invites/" + invited.inviteId())).body(invited);
		}
		if (request.expiresIn() != null) {
			throw new InvalidInputException("expires_in", "applies only to an invite link (\"invite\": true)");
		}
		NewAccount created = this.users.create(actor(admin), request.username(), request.email(), request.role());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("user", created.profile());
		body.put("one_time_password", created.oneTimePassword().reveal());
		return ResponseEntity.created(URI.create("/api/v1/admin/users/" + created.profile().id())).body(body);
	}

	@GetMapping("/api/v1/admin/users/{id}")
	Details details(@PathVariable UUID id) {
		return this.users.details(id.toString());
	}

	@DeleteMapping("/api/v1/admin/users/{id}")
	ResponseEntity<Void> delete(Authentication admin, @PathVariable UUID id) {
		this.users.delete(actor(admin), id.toString());
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/api/v1/admin/users/{id}/reset-totp")
	ResponseEntity<Void> resetTotp(Authentication admin, @PathVariable UUID id) {
		this.users.resetSecondFactor(actor(admin), id.toString());
		return ResponseEntity.noContent().build();
	}

	/** Replaces both limits; {@code null} (or absent) returns one to the default. */
	@PutMapping("/api/v1/admin/users/{id}/limits")
	Limits limits(Authentication admin, @PathVariable UUID id, @RequestBody LimitsRequest request) {
		this.users.setDailyTokenBudget(actor(admin), id.toString(), request.dailyTokenBudget());
		return this.users.setAllowedModels(actor(admin), id.toString(), request.allowedModels());
	}

	@GetMapping("/api/v1/admin/users/{id}/usage")
	Usage usage(@PathVariable UUID id, @RequestParam(required = false) @Nullable String days) {
		return this.users.usage(id.toString(), number("days", days, UserAdministration.DEFAULT_USAGE_DAYS));
	}

	/**
	 * Everyone's usage over the last {@code days}: totals per model and a page of the
	 * accounts, most tokens first.
	 */
	@GetMapping("/api/v1/admin/usage")
	UsageTotals totals(@RequestParam(required = false) @Nullable String days,
			@RequestParam(required = false) @Nullable String page,
			@RequestParam(required = false) @Nullable String size) {
		return this.users.usageTotals(number("days", days, UserAdministration.DEFAULT_USAGE_DAYS),
				number("page", page, 0), number("size", size, DEFAULT_PAGE_SIZE));
	}

	/**
	 * A whole number from the query string, or {@code 400 VALIDATION_ERROR} naming it.
	 */
	private static int number(String name, @Nullable String value, int otherwise) {
		if (value == null || value.isBlank()) {
			return otherwise;
		}
		try {
			return Integer.parseInt(value.strip());
		}
		catch (NumberFormatException ex) {
			throw new InvalidInputException(name, "must be a whole number");
		}
	}

	private static UUID actor(Authentication admin) {
		return UUID.fromString(admin.getName());
	}

	/**
	 * @param role {@code USER} (the default) or {@code ADMIN} (not with an invite)
	 * @param invite an invite link instead of a one-time password
	 * @param expiresIn seconds the invite link stays valid, 300 to 2,592,000 (default 7
	 * days)
	 */
	record CreateRequest(@Nullable String username, @Nullable String email, @Nullable String role,
			@Nullable Boolean invite, @Nullable Long expiresIn) {
	}

	/**
	 * @param dailyTokenBudget tokens per UTC day, instead of CHAT_DAILY_TOKEN_BUDGET
	 * @param allowedModels the only models the account may use
	 */
	record LimitsRequest(@Nullable Long dailyTokenBudget, @Nullable List<String> allowedModels) {
	}

}
