package dev.bastion.ratelimit;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.bastion.ratelimit.RateLimiter.Decision;
import dev.bastion.sharedstate.SharedValues;
import dev.bastion.system.InvalidInputException;

/**
 * The emergency brake: when on, one global bucket of N requests per minute is shared by
 * every caller of the API (of every instance, when state is shared), before any other
 * limit. The setting is a shared value, read on every request without a round trip.
 */
public final class EmergencyLimit {

	/** The emergency limit's policy name, in headers and metrics. */
	static final String POLICY = "emergency";

	/** The setting is the namespace's one value. */
	private static final String RATE = "";

	private final SharedValues setting;

	private final RateLimiter limiter;

	EmergencyLimit(SharedValues setting, RateLimiter limiter) {
		this.setting = setting;
		this.limiter = limiter;
	}

	/** Switches the limit on with {@code requestsPerMinute}, or off. */
	public Status set(boolean enabled, int requestsPerMinute) {
		if (enabled && requestsPerMinute < 1) {
			throw new InvalidInputException("requests_per_minute", "must be at least 1");
		}
		if (enabled) {
			this.setting.put(RATE, Integer.toString(requestsPerMinute), null);
		}
		else {
			this.setting.remove(RATE);
		}
		return enabled ? new Status(true, requestsPerMinute) : new Status(false, 0);
	}

	public Status status() {
		Integer rate = rate();
		return (rate != null) ? new Status(true, rate) : new Status(false, 0);
	}

	@Nullable Decision consume() {
		Integer rate = rate();
		if (rate == null) {
			return null;
		}
		RatePolicy policy = new RatePolicy(POLICY, List.of(new RatePolicy.Limit(rate, Duration.ofMinutes(1))));
		return this.limiter.consume(policy, "emergency|" + rate);
	}

	/** The rate in force, if the brake is on. */
	private @Nullable Integer rate() {
		String stored = this.setting.get(RATE);
		return (stored != null) ? Integer.valueOf(stored) : null;
	}

	/** Whether the emergency limit is on, and its rate. */
	public record Status(boolean enabled, int requestsPerMinute) {
	}

}
