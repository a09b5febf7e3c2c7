package dev.bastion.ratelimit;

import java.time.Duration;

import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Rate limits and intrusion detection. Each policy is one or more {@code count/duration}
 * bandwidths, all of which apply, e.g. {@code 50/1h,200/1d}.
 *
 * @param enabled {@code false} switches off every rate limit, the emergency limit and the
 * enforcement of bans. Production refuses {@code false}.
 * @param defaultPolicy Limit of every API call outside the other [endpoint
 * classes](security-model.md#rate-limits-and-bans), per address and per user. Format
 * {@code count/duration[,count/duration]}, every part applies (e.g. {@code
 * 50/1h,200/1d}); anything else is refused at start-up.
 * @param chat Limit of chat, voice, session start and completions, per address and per
 * user; format as {@code RATE_LIMIT_DEFAULT}.
 * @param login Limit of logins, per address and per user; format as {@code
 * RATE_LIMIT_DEFAULT}.
 * @param register Limit of registrations, per address (per /64 for IPv6); format as
 * {@code RATE_LIMIT_DEFAULT}.
 * @param registerIpv6Site Registrations from one IPv6 /48 together, on top of each
 * address's (/64's) {@code RATE_LIMIT_REGISTER}. Same format.
 * @param registerGlobal Registrations from everyone together (with {@code REDIS_URL},
 * across every instance). While a flood uses it up, new registrations are refused ({@code
 * 429}); nothing else is. Raise it for a launch. Same format.
 * @param passwordReset Limit of password-reset requests, per address and per user; format
 * as {@code RATE_LIMIT_DEFAULT}.
 * @param health Limit of the public health endpoint, per address; format as {@code
 * RATE_LIMIT_DEFAULT}.
 * @param banAfterFailedLogins More than this many failed logins from one address within
 * {@code INTRUSION_WINDOW} ban it ({@code 0}: the first one does). Negative is refused.
 * @param banAfterDistinctUsernames Failures for this many different login names from one
 * address within {@code INTRUSION_WINDOW} ban it (credential stuffing); at least 1.
 * @param detectionWindow How long a failed login counts towards a ban; at least 1 ms.
 * @param banDuration How long a ban lasts; at least 1 ms.
 */
@ConfigurationProperties("bastion.ratelimit")
@Validated
public record RateLimitProperties(@DefaultValue("true") boolean enabled, @DefaultValue("100/1h") Rate defaultPolicy,
		@DefaultValue("10/1m") Rate chat, @DefaultValue("5/1m") Rate login, @DefaultValue("3/1m") Rate register,
		@DefaultValue("10/1m") Rate registerIpv6Site, @DefaultValue("30/1m") Rate registerGlobal,
		@DefaultValue("2/1m") Rate passwordReset, @DefaultValue("60/1m") Rate health,
		@DefaultValue("10") @PositiveOrZero int banAfterFailedLogins,
		@DefaultValue("5") @Positive int banAfterDistinctUsernames,
		@DefaultValue("1h") @DurationMin(millis = 1) Duration detectionWindow,
		@DefaultValue("1h") @DurationMin(millis = 1) Duration banDuration) {

}
