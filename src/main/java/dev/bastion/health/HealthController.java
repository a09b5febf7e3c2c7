package dev.bastion.health;

import java.util.Map;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.bastion.chat.ChatHealth;
import dev.bastion.sharedstate.SharedState;

/**
 * {@code GET /api/v1/health}: public, cheap (component checks are cached), and says only
 * whether each part is up.
 */
@RestController
final class HealthController {

	static final String PATH = "/api/v1/health";

	private static final String REDIS = "redis";

	private final LoadingCache<String, String> components;

	private final ChatHealth chat;

	/**
	 * The reply cache's numbers, reused like the component checks (they may ask Redis).
	 */
	private final LoadingCache<String, ChatHealth.CacheStats> cache;

	HealthController(HealthEndpoint health, SharedState shared, ChatHealth chat, HealthProperties properties) {
		this.chat = chat;
		this.cache = Caffeine.newBuilder().expireAfterWrite(properties.cacheTtl()).build((key) -> chat.cache());
		this.components = Caffeine.newBuilder()
			.expireAfterWrite(properties.cacheTtl())
			.build((component) -> component.equals(REDIS) ? shared.status() : statusOf(health, component));
	}

	@GetMapping(PATH)
	ResponseEntity<HealthReport> health() {
		String database = this.components.get("db");
		String redis = this.components.get(REDIS);
		boolean down = !database.equals(Status.UP.getCode());
		Map<String, Map<String, String>> providers = this.chat.providers();
		boolean degraded = redis.equals(Status.DOWN.getCode())
				|| providers.values().stream().anyMatch((provider) -> "DOWN".equals(provider.get("status")));
		String status = down ? "DOWN" : (degraded ? "DEGRADED" : "UP");
		return ResponseEntity.status(down ? 503 : 200)
			.body(new HealthReport(status, providers, this.cache.get("cache"), database, redis));
	}

	private static String statusOf(HealthEndpoint health, String component) {
		var result = health.healthForPath(component);
		if (result == null) {
			return Status.UNKNOWN.getCode();
		}
		return result.getStatus().getCode();
	}

}
