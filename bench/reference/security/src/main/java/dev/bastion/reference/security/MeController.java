package dev.bastion.reference.security;

import java.util.List;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/me}: who the verified token says the caller is. */
@RestController
class MeController {

	@GetMapping("/api/me")
	Me me(@AuthenticationPrincipal Jwt jwt) {
		return new Me(jwt.getSubject(), jwt.getClaimAsString("preferred_username"), jwt.getClaimAsStringList("roles"));
	}

	record Me(String id, String username, List<String> roles) {
	}

}
