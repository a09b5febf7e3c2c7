package dev.bastion.admin;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.bastion.account.Invitations;
import dev.bastion.auth.AuthProperties;
import dev.bastion.account.Invitations.Invite;
import dev.bastion.account.Invitations.NewInvite;
import dev.bastion.audit.AdminAction;
import dev.bastion.audit.SecurityEvent.Severity;

/**
 * {@code /api/v1/admin/invites}: invitations to register under
 * {@code REGISTRATION=invite} (role ADMIN, like every admin route). The code is in the
 * creation response only, with a link to the web UI's register screen that carries it in
 * the URL fragment, which browsers never send to a server.
 */
@RestController
class InviteController {

	private final Invitations invitations;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final URI registerPage;

	InviteController(Invitations invitations, ApplicationEventPublisher events, Clock clock, AuthProperties auth) {
		this.invitations = invitations;
		this.events = events;
		this.clock = clock;
		this.registerPage = auth.publicUrl().resolve("/");
	}

	@PostMapping("/api/v1/admin/invites")
	ResponseEntity<Map<String, Object>> create(Authentication admin,
			@RequestBody(required = false) @Nullable InviteRequest request) {
		NewInvite created = this.invitations.create(UUID.fromString(admin.getName()),
				(request != null) ? request.email() : null, (request != null) ? request.expiresIn() : null);
		Invite invite = created.invite();
		this.events.publishEvent(new AdminAction(UUID.fromString(admin.getName()), "create-invite",
				invite.id().toString(), Severity.WARNING, Map.of("email_bound", invite.email() != null)));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", invite.id());
		body.put("code", created.code().reveal());
		body.put("link", this.registerPage + "#/register?invite=" + created.code().reveal());
		body.put("email", invite.email());
		body.put("expires_at", invite.expiresAt());
		return ResponseEntity.created(URI.create("/api/v1/admin/invites/" + invite.id())).body(body);
	}

	@GetMapping("/api/v1/admin/invites")
	Map<String, List<Map<String, Object>>> list() {
		Instant now = this.clock.instant();
		return Map.of("invites", this.invitations.list().stream().map((invite) -> listed(invite, now)).toList());
	}

	@DeleteMapping("/api/v1/admin/invites/{id}")
	ResponseEntity<Void> revoke(Authentication admin, @PathVariable UUID id) {
		this.invitations.revoke(id);
		this.events.publishEvent(new AdminAction(UUID.fromString(admin.getName()), "revoke-invite", id.toString()));
		return ResponseEntity.noContent().build();
	}

	private static Map<String, Object> listed(Invite invite, Instant now) {
		Map<String, Object> listed = new LinkedHashMap<>();
		listed.put("id", invite.id());
		listed.put("email", invite.email());
		listed.put("status", invite.status(now));
		listed.put("created_at", invite.createdAt());
		listed.put("expires_at", invite.expiresAt());
		listed.put("used_at", invite.usedAt());
		listed.put("used_by", invite.usedBy());
		return listed;
	}

	/**
	 * @param email the only address the invite registers (optional)
	 * @param expiresIn seconds it stays valid, 300 to 2,592,000 (default 7 days)
	 */
	record InviteRequest(@Nullable String email, @Nullable Long expiresIn) {
	}

}
