package dev.bastion.auth;

import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.bastion.auth.SecurityEvents.SigningKeyRotated;
import dev.bastion.auth.token.SigningKeys;

/**
 * {@code POST /api/v1/admin/signing-keys/rotate}: a new key signs from now on; tokens
 * signed by the old one stay valid until they expire.
 */
@RestController
class SigningKeyController {

	private final SigningKeys keys;

	private final ApplicationEventPublisher events;

	SigningKeyController(SigningKeys keys, ApplicationEventPublisher events) {
		this.keys = keys;
		this.events = events;
	}

	@PostMapping("/api/v1/admin/signing-keys/rotate")
	Map<String, String> rotate(Authentication authentication) {
		String kid = this.keys.rotate();
		this.events.publishEvent(new SigningKeyRotated(AuthController.accountId(authentication), null, kid));
		return Map.of("kid", kid);
	}

}
