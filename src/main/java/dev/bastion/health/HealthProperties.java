package dev.bastion.health;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Health report settings.
 *
 * @param cacheTtl How long {@code GET /api/v1/health} reuses a component check, so the
 * public endpoint never loads the database.
 */
@ConfigurationProperties("bastion.health")
record HealthProperties(@DefaultValue("5s") Duration cacheTtl) {

}
