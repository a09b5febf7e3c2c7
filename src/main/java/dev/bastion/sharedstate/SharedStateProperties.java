package dev.bastion.sharedstate;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import dev.bastion.system.Secret;

/**
 * Where the state every instance must see is kept.
 *
 * @param url {@code redis://[:password@]host:port[/db]}: share limits, revocations,
 * lockouts, bans and the emergency switch between instances.
 * @param failurePolicy While Redis is unreachable: {@code closed} answers limited
 * requests with {@code 503 SERVICE_UNAVAILABLE} ({@code Retry-After: 5}); {@code open}
 * falls back to each instance's own state, which keeps the locks, bans and emergency
 * limit the instance last saw in Redis. Both transitions are {@code
 * SHARED_STATE_UNAVAILABLE} (CRITICAL) / {@code SHARED_STATE_RECOVERED} events;
 * reconnection is automatic, every second.
 * @param timeout Connect and command timeout for Redis; at least 1 ms (no timeout at all
 * would leave requests waiting on an unreachable Redis instead of the failure policy).
 */
@ConfigurationProperties("bastion.shared-state")
@Validated
record SharedStateProperties(@Nullable Secret url, @DefaultValue("closed") RedisFailurePolicy failurePolicy,
		@DefaultValue("500ms") @DurationMin(millis = 1) Duration timeout) {

}
