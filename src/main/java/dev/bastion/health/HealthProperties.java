package dev.bastion.health;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Health report settings.
 *
 * @param cacheTtl How long {@code GET /api/v1/health} reuses a component check, so the
 * public endpoint never loads the database ({@code 0}: checks at every request). Negative
 * is refused.
 */
@ConfigurationProperties("bastion.health")
@Validated
record HealthProperties(@DefaultValue("5s") @DurationMin Duration cacheTtl) {

}
