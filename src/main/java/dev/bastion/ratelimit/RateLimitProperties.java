package dev.bastion.ratelimit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Rate limits and intrusion detection. Each policy is one or more {@code count/duration}
 * bandwidths, all of which apply, e.g. {@code 50/1h,200/1d}.
 *
 * @param enabled whether requests are rate limited ({@code RATE_LIMIT_ENABLED});
 * production refuses to start without it
 * @param defaultPolicy every API call ({@code RATE_LIMIT_DEFAULT}, 100/1h)
 * @param chat chat, voice, session start and completions ({@code RATE_LIMIT_CHAT}, 10/1m)
 * @param login {@code RATE_LIMIT_LOGIN}, 5/1m
 * @param register {@code RATE_LIMIT_REGISTER}, 3/1m
 * @param registerIpv6Site registrations from one IPv6 /48, beside each address's limit
 * ({@code RATE_LIMIT_REGISTER_IPV6_48}, 10/1m)
 * @param registerGlobal registrations from everyone together, with Redis across every
 * instance ({@code RATE_LIMIT_REGISTER_GLOBAL}, 30/1m)
 * @param passwordReset {@code RATE_LIMIT_PASSWORD_RESET}, 2/1m
 * @param health {@code RATE_LIMIT_HEALTH}, 60/1m
 * @param banAfterFailedLogins failed logins from one address within the window that ban
 * it ({@code BAN_AFTER_FAILED_LOGINS}, more than 10)
 * @param banAfterDistinctUsernames distinct login names failing from one address within
 * the window that ban it sooner: credential stuffing
 * ({@code BAN_AFTER_DISTINCT_USERNAMES}, 5)
 * @param detectionWindow how long failures count ({@code INTRUSION_WINDOW}, 1h)
 * @param banDuration how long a ban lasts ({@code BAN_DURATION}, 1h)
 */
@ConfigurationProperties("bastion.ratelimit")
public record RateLimitProperties(boolean enabled, String defaultPolicy, String chat, String login, String register,
		String registerIpv6Site, String registerGlobal, String passwordReset, String health, int banAfterFailedLogins,
		int banAfterDistinctUsernames, Duration detectionWindow, Duration banDuration) {

}
