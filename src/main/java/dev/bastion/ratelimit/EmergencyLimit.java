package dev.bastion.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import dev.bastion.ratelimit.RateLimiter.Decision;

/**
 * The emergency brake: when on, one global bucket of N requests per minute is shared by
 * every caller of the API, before any other limit.
 */
public final class EmergencyLimit {

	private final AtomicReference<@Nullable State> state = new AtomicReference<>();

	/** Switches the limit on with {@code requestsPerMinute}, or off. */
	public Status set(boolean enabled, int requestsPerMinute) {
		if (enabled && requestsPerMinute < 1) {
			throw new dev.bastion.system.InvalidInputException("requests_per_minute", "must be at least 1");
		}
		this.state.set(enabled ? new State(
				new RatePolicy("emergency", List.of(new RatePolicy.Limit(requestsPerMinute, Duration.ofMinutes(1)))),
				requestsPerMinute) : null);
		return status();
	}

	public Status status() {
		State current = this.state.get();
		return (current != null) ? new Status(true, current.requestsPerMinute()) : new Status(false, 0);
	}

	@Nullable Decision consume() {
		State current = this.state.get();
		return (current != null) ? Decision.of(current.policy(), current.bucket().tryConsumeAndReturnRemaining(1))
				: null;
	}

	/** Whether the emergency limit is on, and its rate. */
	public record Status(boolean enabled, int requestsPerMinute) {
	}

	private record State(RatePolicy policy, io.github.bucket4j.Bucket bucket, int requestsPerMinute) {

		State(RatePolicy policy, int requestsPerMinute) {
			this(policy, policy.newBucket(), requestsPerMinute);
		}

	}

}
