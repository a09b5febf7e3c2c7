package dev.bastion.ratelimit;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.github.bucket4j.ConsumptionProbe;

import dev.bastion.sharedstate.SharedState;
import dev.bastion.sharedstate.TokenBuckets;

/**
 * One token bucket per endpoint class and subject (a client address or a user), as shared
 * state: Bucket4j buckets in memory, or in Redis when instances share state. Deciding
 * costs a lookup and an atomic update: refusing is cheap. Buckets taken together cost one
 * round trip when they are remote.
 */
final class RateLimiter {

	private final Map<EndpointClass, RatePolicy> policies;

	private final TokenBuckets buckets;

	RateLimiter(Map<EndpointClass, RatePolicy> policies, SharedState shared) {
		this(policies, List.of(), shared);
	}

	/**
	 * With {@code others}: policies not of an endpoint class that are used through
	 * {@link #consume(RatePolicy, String)}, whose buckets must be kept as long as theirs.
	 */
	RateLimiter(Map<EndpointClass, RatePolicy> policies, List<RatePolicy> others, SharedState shared) {
		this.policies = Map.copyOf(policies);
		Duration longest = Stream.concat(policies.values().stream(), others.stream())
			.flatMap((policy) -> policy.limits().stream())
			.map(RatePolicy.Limit::period)
			.max(Comparator.naturalOrder())
			.orElse(Duration.ofHours(1));
		this.buckets = shared.buckets("rl:", longest);
	}

	/**
	 * Whether the buckets are remote, where taking two at once saves a round trip.
	 */
	boolean remote() {
		return this.buckets.remote();
	}

	Decision consume(EndpointClass endpoint, String subject) {
		return consume(policy(endpoint), key(endpoint, subject));
	}

	/** Takes one token from the bucket {@code key} of {@code policy}. */
	Decision consume(RatePolicy policy, String key) {
		return consumeEach(policy, key).getFirst();
	}

	/**
	 * Takes from the address's and the user's bucket of {@code endpoint} at once; the
	 * decisions in that order.
	 */
	List<Decision> consume(EndpointClass endpoint, String address, String user) {
		return consumeEach(policy(endpoint), key(endpoint, address), key(endpoint, user));
	}

	/** One token from each bucket, the decisions in the order of the keys. */
	private List<Decision> consumeEach(RatePolicy policy, String... keys) {
		return this.buckets.take(policy::configuration, keys)
			.stream()
			.map((taken) -> Decision.of(policy, taken))
			.toList();
	}

	/**
	 * Returns the token a decision took, for a request that was not served after all; to
	 * the bucket it came from. Best effort: when that bucket cannot be reached, the token
	 * stays taken until the bucket refills.
	 */
	void giveBack(Decision taken) {
		this.buckets.giveBack(taken.taken());
	}

	private static String key(EndpointClass endpoint, String subject) {
		return endpoint.name() + "|" + subject;
	}

	/**
	 * The outcome for one subject, with what the rate-limit headers report, and the token
	 * itself, to give back.
	 */
	record Decision(boolean allowed, RatePolicy policy, long remaining, long resetSeconds, long retryAfterSeconds,
			TokenBuckets.Taken taken) {

		static Decision of(RatePolicy policy, TokenBuckets.Taken taken) {
			ConsumptionProbe probe = taken.probe();
			return new Decision(probe.isConsumed(), policy, probe.getRemainingTokens(),
					seconds(probe.getNanosToWaitForReset()), Math.max(1, seconds(probe.getNanosToWaitForRefill())),
					taken);
		}

		private static long seconds(long nanos) {
			return (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
		}

		/** {@code RateLimit} per draft-ietf-httpapi-ratelimit-headers. */
		String header() {
			return "\"" + this.policy.name() + "\";r=" + this.remaining + ";t=" + this.resetSeconds;
		}

	}

	private RatePolicy policy(EndpointClass endpoint) {
		return Objects.requireNonNull(this.policies.get(endpoint), endpoint::name);
	}

}
