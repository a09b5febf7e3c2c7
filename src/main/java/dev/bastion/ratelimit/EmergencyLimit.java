package dev.bastion.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import dev.bastion.ratelimit.RateLimiter.Decision;
import dev.bastion.system.InvalidInputException;
import dev.bastion.system.SharedStore;

/**
 * The emergency brake: when on, one global bucket of N requests per minute is shared by
 * every caller of the API (of every instance, with Redis), before any other limit. With
 * Redis, this instance keeps the last setting it read there (on every request), so that
 * under {@code REDIS_FAILURE_POLICY=open} the brake in force when Redis went away keeps
 * holding here until it returns, whichever instance or command line set it.
 */
public final class EmergencyLimit {

	static final String KEY = SharedStore.TRACKED + "emergency";

	private final AtomicReference<@Nullable Integer> localRate = new AtomicReference<>();

	private final SharedStore shared;

	private final RateLimiter limiter;

	EmergencyLimit(SharedStore shared, RateLimiter limiter) {
		this.shared = shared;
		this.limiter = limiter;
	}

	/** Switches the limit on with {@code requestsPerMinute}, or off. */
	public Status set(boolean enabled, int requestsPerMinute) {
		if (enabled && requestsPerMinute < 1) {
			throw new InvalidInputException("requests_per_minute", "must be at least 1");
		}
		this.localRate.set(enabled ? requestsPerMinute : null);
		if (this.shared.enabled()) {
			this.shared.callTracked(
					(redis) -> enabled ? redis.set(KEY, Integer.toString(requestsPerMinute)) : redis.del(KEY),
					() -> null);
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
		RatePolicy policy = new RatePolicy("emergency", List.of(new RatePolicy.Limit(rate, Duration.ofMinutes(1))));
		return this.limiter.consume(policy, "emergency|" + rate);
	}

	/** The rate in force; with Redis, from a copy Redis keeps current. */
	private @Nullable Integer rate() {
		if (!this.shared.enabled()) {
			return this.localRate.get();
		}
		return this.shared.readTracked(List.of(KEY), (values) -> {
			String stored = values.get(0);
			Integer rate = (stored != null) ? Integer.valueOf(stored) : null;
			// Read first: a write on every request would contend across cores.
			if (!Objects.equals(this.localRate.get(), rate)) {
				this.localRate.set(rate);
			}
			return rate;
		}, this.localRate::get);
	}

	/** Whether the emergency limit is on, and its rate. */
	public record Status(boolean enabled, int requestsPerMinute) {
	}

}
