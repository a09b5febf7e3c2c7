package dev.bastion.chat;

import java.util.Map;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.bastion.audit.SecurityEvent;
import dev.bastion.chat.provider.ModelRouter;

/**
 * {@code POST /api/v1/admin/models/refresh}: asks the connections configured with
 * {@code auto} again which models they offer (role ADMIN, enforced by the API's filter
 * chain; audited).
 */
@RestController
class ModelAdminController {

	private final ModelRouter router;

	private final ApplicationEventPublisher events;

	ModelAdminController(ModelRouter router, ApplicationEventPublisher events) {
		this.router = router;
		this.events = events;
	}

	@PostMapping("/api/v1/admin/models/refresh")
	Map<String, Object> refresh(Authentication admin) {
		Map<String, String> connections = this.router.refresh();
		this.events.publishEvent(new ModelsRefreshed(UUID.fromString(admin.getName()), connections));
		return Map.of("connections", connections, "models", this.router.available(ChatController.roles(admin)));
	}

	/** An administrator asked the connections for their models again. */
	record ModelsRefreshed(UUID accountId, Map<String, String> connections) implements SecurityEvent {

		@Override
		public Severity severity() {
			return Severity.INFO;
		}

		@Override
		public Map<String, Object> details() {
			return Map.of("connections", this.connections);
		}

	}

}
