package dev.bastion.reference.bare;

import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/health}: the same JSON as Bastion's {@code GET /api/v1/health} with an
 * offline provider and no Redis, built per request from constants.
 */
@RestController
class HealthController {

	private static final Map<String, Map<String, String>> PROVIDERS = Map.of("offline",
			Map.of("circuit", "CLOSED", "status", "UP"));

	@GetMapping("/api/health")
	ResponseEntity<Health> health() {
		return ResponseEntity.ok(new Health("UP", PROVIDERS, new Cache(0, 0, 0, 0.0), "UP", "NOT_CONFIGURED"));
	}

	record Health(String status, Map<String, Map<String, String>> providers, Cache cache, String database,
			String redis) {
	}

	record Cache(long size, long hits, long misses, double hitRatio) {
	}

}
