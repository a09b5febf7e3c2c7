package dev.bastion.health;

import java.util.Map;

/**
 * The body of {@code GET /api/v1/health}.
 *
 * @param status {@code UP}, {@code DEGRADED} or {@code DOWN}
 * @param providers per model provider, its status and circuit state
 * @param database {@code UP} or {@code DOWN}
 * @param redis {@code UP}, {@code DOWN} or {@code NOT_CONFIGURED}
 */
record HealthReport(String status, Map<String, Map<String, String>> providers, String database, String redis) {

}
