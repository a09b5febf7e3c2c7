package dev.bastion.health;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Health report settings.
 *
 * @param cacheTtl how long a check result is reused, so that the public endpoint never
 * puts load on the database ({@code HEALTH_CACHE_TTL})
 */
@ConfigurationProperties("bastion.health")
record HealthProperties(Duration cacheTtl) {

}
