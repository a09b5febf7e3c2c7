package dev.bastion.admin;

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
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.bastion.account.Role;
import dev.bastion.audit.AuditEntry;
import dev.bastion.audit.AuditTrail;
import dev.bastion.ratelimit.Bans;
import dev.bastion.ratelimit.EmergencyLimit;

/**
 * {@code /api/v1/admin}: role ADMIN, enforced by the API's filter chain (401 anonymous,
 * 403 for users). Listing, creating and deleting accounts is
 * {@link AdminUsersController}'s.
 */
@RestController
class AdminController {

	private final IncidentResponse incidents;

	AdminController(IncidentResponse incidents) {
		this.incidents = incidents;
	}

	@PostMapping("/api/v1/admin/users/{id}/{action:deactivate|activate|unlock|revoke-tokens|promote|demote|approve|reject}")
	ResponseEntity<Void> act(Authentication admin, @PathVariable UUID id, @PathVariable String action) {
		UUID actor = actor(admin);
		String user = id.toString();
		switch (action) {
			case "deactivate" -> this.incidents.deactivate(actor, user);
			case "activate" -> this.incidents.activate(actor, user);
			case "unlock" -> this.incidents.unlock(actor, user);
			case "promote" -> this.incidents.setRole(actor, user, Role.ADMIN);
			case "demote" -> this.incidents.setRole(actor, user, Role.USER);
			case "approve" -> this.incidents.approve(actor, user);
			case "reject" -> this.incidents.reject(actor, user);
			default -> this.incidents.revokeTokens(actor, user);
		}
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/api/v1/admin/tokens/revoke")
	ResponseEntity<Void> revokeToken(Authentication admin, @RequestBody JtiRequest request) {
		this.incidents.revokeToken(actor(admin), request.jti());
		return ResponseEntity.noContent().build();
	}

	/** No body, or {@code compromised: false}: old tokens verify until they expire. */
	@PostMapping("/api/v1/admin/signing-keys/rotate")
	Map<String, String> rotate(Authentication admin, @RequestBody(required = false) @Nullable RotateRequest request) {
		boolean compromised = request != null && Boolean.TRUE.equals(request.compromised());
		return Map.of("kid", this.incidents.rotateSigningKey(actor(admin), compromised));
	}

	@GetMapping("/api/v1/admin/security-events")
	Map<String, List<AuditEntry>> events(@RequestParam(required = false) @Nullable String type,
			@RequestParam(required = false) @Nullable String user,
			@RequestParam(required = false) @Nullable Instant since,
			@RequestParam(required = false) @Nullable Instant until, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "50") int size) {
		return Map.of("events", this.incidents.events(type, user, since, until, page, size));
	}

	@PostMapping("/api/v1/admin/audit/verify")
	AuditTrail.Verification verify(Authentication admin,
			@RequestBody(required = false) @Nullable VerifyRequest request) {
		return this.incidents.verifyAudit(actor(admin), (request != null) ? request.anchor() : null);
	}

	/**
	 * Switches the emergency limit on (with a rate per minute) or off, for every client.
	 */
	@PutMapping("/api/v1/admin/emergency-limit")
	EmergencyLimit.Status emergencyLimit(Authentication admin, @RequestBody EmergencyLimitRequest request) {
		Integer rate = request.requestsPerMinute();
		return this.incidents.emergencyLimit(actor(admin), Boolean.TRUE.equals(request.enabled()),
				(rate != null) ? rate : 0);
	}

	@GetMapping("/api/v1/admin/bans")
	Map<String, List<Bans.Ban>> bans(Authentication admin) {
		return Map.of("bans", this.incidents.bans(actor(admin)));
	}

	@DeleteMapping("/api/v1/admin/bans/{ip}")
	ResponseEntity<Void> lift(Authentication admin, @PathVariable String ip) {
		this.incidents.unban(actor(admin), ip);
		return ResponseEntity.noContent().build();
	}

	private static UUID actor(Authentication admin) {
		return UUID.fromString(admin.getName());
	}

	record EmergencyLimitRequest(@Nullable Boolean enabled, @Nullable Integer requestsPerMinute) {
	}

	record JtiRequest(@Nullable String jti) {
	}

	/** {@code compromised}: refuse every token signed by the keys before, at once. */
	record RotateRequest(@Nullable Boolean compromised) {
	}

	/** {@code anchor}: a signed head ({@code ID:HASH:MAC}) from the log or an alert. */
	record VerifyRequest(@Nullable String anchor) {
	}

}
