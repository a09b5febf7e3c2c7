package dev.bastion.ratelimit;

import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

/**
 * One token bucket per endpoint class and subject (a client address or a user), kept in
 * memory. Deciding costs a map lookup and an atomic update: refusing is cheap.
 */
final class RateLimiter {

	private static final int MAX_BUCKETS = 1_000_000;

	private final Map<EndpointClass, RatePolicy> policies;

	private final Cache<String, Bucket> buckets;

	RateLimiter(Map<EndpointClass, RatePolicy> policies) {
		this.policies = Map.copyOf(policies);
		Duration longest = policies.values()
			.stream()
			.flatMap((policy) -> policy.limits().stream())
			.map(RatePolicy.Limit::period)
			.max(Comparator.naturalOrder())
			.orElse(Duration.ofHours(1));
		this.buckets = Caffeine.newBuilder().maximumSize(MAX_BUCKETS).expireAfterAccess(longest).build();
	}

	Decision consume(EndpointClass endpoint, String subject) {
		RatePolicy policy = this.policies.get(endpoint);
		Bucket bucket = this.buckets.get(endpoint.name() + "|" + subject, (key) -> policy.newBucket());
		return Decision.of(policy, bucket.tryConsumeAndReturnRemaining(1));
	}

	/** The outcome for one subject, with what the rate-limit headers report. */
	record Decision(boolean allowed, RatePolicy policy, long remaining, long resetSeconds, long retryAfterSeconds) {

		static Decision of(RatePolicy policy, ConsumptionProbe probe) {
			return new Decision(probe.isConsumed(), policy, probe.getRemainingTokens(),
					seconds(probe.getNanosToWaitForReset()), Math.max(1, seconds(probe.getNanosToWaitForRefill())));
		}

		private static long seconds(long nanos) {
			return (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
		}

		/** {@code RateLimit} per draft-ietf-httpapi-ratelimit-headers. */
		String header() {
			return "\"" + this.policy.name() + "\";r=" + this.remaining + ";t=" + this.resetSeconds;
		}

	}

}
