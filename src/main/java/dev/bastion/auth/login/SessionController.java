package dev.bastion.auth.login;

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
import org.springframework.web.bind.annotation.RestController;

import dev.bastion.auth.session.CurrentLogin;
import dev.bastion.auth.session.Sessions;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;

/**
 * The caller's own logins. Ids of other accounts' logins are answered with 404, exactly
 * like ids that do not exist.
 */
@RestController
class SessionController {

	private final Sessions sessions;

	private final Logins logins;

	SessionController(Sessions sessions, Logins logins) {
		this.sessions = sessions;
		this.logins = logins;
	}

	@GetMapping("/api/v1/users/me/sessions")
	Map<String, List<SessionView>> sessions(Authentication authentication) {
		UUID current = CurrentLogin.currentSession(authentication);
		return Map.of("sessions",
				this.sessions.list(CurrentLogin.accountId(authentication))
					.stream()
					.map((session) -> new SessionView(session.id(), session.createdAt(), session.lastUsedAt(),
							session.ip(), session.userAgent(), session.id().equals(current)))
					.toList());
	}

	@DeleteMapping("/api/v1/users/me/sessions/{id}")
	ResponseEntity<Void> revokeSession(Authentication authentication, @PathVariable UUID id) {
		if (!this.sessions.owns(CurrentLogin.accountId(authentication), id)) {
			throw new BastionException(ErrorCode.NOT_FOUND, "You have no such session.");
		}
		this.logins.revokeSession(id);
		return ResponseEntity.noContent().build();
	}

	record SessionView(UUID id, Instant createdAt, Instant lastUsedAt, @Nullable String ip, @Nullable String userAgent,
			boolean current) {
	}

}
