package dev.bastion.ratelimit;

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
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;
import dev.bastion.audit.AdminAction;

/**
 * Incident response for abuse: the emergency limit and the list of banned addresses (role
 * ADMIN, enforced by the API's filter chain). Every change is a security event.
 */
@RestController
class RateLimitAdminController {

	private final EmergencyLimit emergency;

	private final Bans bans;

	private final ApplicationEventPublisher events;

	RateLimitAdminController(EmergencyLimit emergency, Bans bans, ApplicationEventPublisher events) {
		this.emergency = emergency;
		this.bans = bans;
		this.events = events;
	}

	@PutMapping("/api/v1/admin/emergency-limit")
	EmergencyLimit.Status emergencyLimit(Authentication admin, @RequestBody EmergencyLimitRequest request) {
		Integer rate = request.requestsPerMinute();
		EmergencyLimit.Status status = this.emergency.set(Boolean.TRUE.equals(request.enabled()),
				(rate != null) ? rate : 0);
		this.events.publishEvent(new AdminAction(UUID.fromString(admin.getName()), "emergency-limit",
				status.enabled() ? "on at " + status.requestsPerMinute() + "/min" : "off"));
		return status;
	}

	@GetMapping("/api/v1/admin/bans")
	Map<String, List<Bans.Ban>> bans() {
		return Map.of("bans", this.bans.list());
	}

	@DeleteMapping("/api/v1/admin/bans/{ip}")
	ResponseEntity<Void> lift(Authentication admin, @PathVariable String ip) {
		if (!this.bans.lift(ClientAddresses.key(ip))) {
			throw new BastionException(ErrorCode.NOT_FOUND, "That address is not banned.");
		}
		this.events.publishEvent(new AdminAction(UUID.fromString(admin.getName()), "lift-ban", ip));
		return ResponseEntity.noContent().build();
	}

	record EmergencyLimitRequest(@Nullable Boolean enabled, @Nullable Integer requestsPerMinute) {
	}

}
