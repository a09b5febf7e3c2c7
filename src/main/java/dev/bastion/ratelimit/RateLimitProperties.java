package dev.bastion.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Rate limiting settings.
 *
 * @param enabled whether requests are rate limited ({@code RATE_LIMIT_ENABLED});
 * production refuses to start without it
 */
@ConfigurationProperties("bastion.ratelimit")
public record RateLimitProperties(boolean enabled) {

}
