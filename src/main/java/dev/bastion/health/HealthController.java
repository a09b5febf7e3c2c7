package dev.bastion.health;

import java.util.Map;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/health}: public, cheap (component checks are cached), and says only
 * whether each part is up.
 */
@RestController
final class HealthController {

	static final String NOT_CONFIGURED = "NOT_CONFIGURED";

	private final LoadingCache<String, String> components;

	HealthController(HealthEndpoint health, HealthProperties properties) {
		this.components = Caffeine.newBuilder()
			.expireAfterWrite(properties.cacheTtl())
			.build((component) -> statusOf(health, component));
	}

	@GetMapping("/api/v1/health")
	ResponseEntity<HealthReport> health() {
		String database = this.components.get("db");
		String redis = this.components.get("redis");
		boolean down = !database.equals(Status.UP.getCode()) || redis.equals(Status.DOWN.getCode());
		HealthReport report = new HealthReport(down ? "DOWN" : "UP", Map.of(), database, redis);
		return ResponseEntity.status(down ? 503 : 200).body(report);
	}

	private static String statusOf(HealthEndpoint health, String component) {
		var result = health.healthForPath(component);
		if (result == null) {
			return component.equals("redis") ? NOT_CONFIGURED : Status.UNKNOWN.getCode();
		}
		return result.getStatus().getCode();
	}

}
