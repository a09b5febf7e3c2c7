package dev.bastion.health;

import java.util.Map;

import dev.bastion.chat.ChatHealth;

/**
 * The body of {@code GET /api/v1/health}.
 *
 * @param status {@code UP}, {@code DEGRADED} or {@code DOWN}
 * @param providers per model provider, its status and circuit state
 * @param cache the reply cache: size, hits, misses, hit ratio
 * @param database {@code UP} or {@code DOWN}
 * @param redis {@code UP}, {@code DOWN} or {@code NOT_CONFIGURED}
 */
record HealthReport(String status, Map<String, Map<String, String>> providers, ChatHealth.CacheStats cache,
		String database, String redis) {

}
