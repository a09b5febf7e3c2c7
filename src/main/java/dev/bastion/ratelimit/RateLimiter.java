package dev.bastion.ratelimit;

import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.api.StatefulRedisConnection;
import org.jspecify.annotations.Nullable;

import dev.bastion.system.SharedStore;

/**
 * One token bucket per endpoint class and subject (a client address or a user): in Redis
 * when several instances share it (Bucket4j's compare-and-swap over Lettuce, see
 * {@link KnownStateProxyManager}), otherwise in memory. Deciding costs a lookup and an
 * atomic update: refusing is cheap.
 */
final class RateLimiter {

	static final String KEY_PREFIX = "bastion:rl:";

	private static final int MAX_BUCKETS = 1_000_000;

	private static final Duration KEEP_FULL_BUCKETS = Duration.ofSeconds(10);

	private final Map<EndpointClass, RatePolicy> policies;

	private final Cache<String, Bucket> localBuckets;

	private final Cache<String, Bucket> redisProxies;

	private final SharedStore shared;

	private final Duration longestPeriod;

	private final AtomicReference<@Nullable ProxyManager<String>> redisBuckets = new AtomicReference<>();

	RateLimiter(Map<EndpointClass, RatePolicy> policies, SharedStore shared) {
		this.policies = Map.copyOf(policies);
		this.shared = shared;
		Duration longest = policies.values()
			.stream()
			.flatMap((policy) -> policy.limits().stream())
			.map(RatePolicy.Limit::period)
			.max(Comparator.naturalOrder())
			.orElse(Duration.ofHours(1));
		this.longestPeriod = longest;
		this.localBuckets = Caffeine.newBuilder().maximumSize(MAX_BUCKETS).expireAfterAccess(longest).build();
		this.redisProxies = Caffeine.newBuilder().maximumSize(MAX_BUCKETS).expireAfterAccess(longest).build();
	}

	Decision consume(EndpointClass endpoint, String subject) {
		return consume(this.policies.get(endpoint), endpoint.name() + "|" + subject);
	}

	/** Takes one token from the bucket {@code key} of {@code policy}. */
	Decision consume(RatePolicy policy, String key) {
		if (!this.shared.enabled()) {
			return local(policy, key);
		}
		return this.shared.callBinary(
				(connection) -> Decision.of(policy,
						redisBucket(connection, policy, key).tryConsumeAndReturnRemaining(1)),
				() -> local(policy, key));
	}

	private Decision local(RatePolicy policy, String key) {
		Bucket bucket = this.localBuckets.get(key, (ignored) -> policy.newBucket());
		return Decision.of(policy, bucket.tryConsumeAndReturnRemaining(1));
	}

	/**
	 * One proxy object per bucket, reused, so that concurrent requests for the same
	 * bucket are batched into one compare-and-swap instead of retrying against each
	 * other.
	 */
	private Bucket redisBucket(StatefulRedisConnection<String, byte[]> connection, RatePolicy policy, String key) {
		return this.redisProxies.get(key,
				(ignored) -> redisBuckets(connection).builder()
					.withOptimization(Optimizations.batching())
					.build(KEY_PREFIX + key, policy::configuration));
	}

	private ProxyManager<String> redisBuckets(StatefulRedisConnection<String, byte[]> connection) {
		ProxyManager<String> buckets = this.redisBuckets.get();
		if (buckets == null) {
			buckets = new KnownStateProxyManager(
					Bucket4jLettuce.casBasedBuilder(connection)
						.expirationAfterWrite(
								ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_FULL_BUCKETS)),
					MAX_BUCKETS, this.longestPeriod);
			this.redisBuckets.compareAndSet(null, buckets);
		}
		return buckets;
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
