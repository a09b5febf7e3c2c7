package dev.bastion.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.lettuce.core.api.StatefulRedisConnection;
import org.jspecify.annotations.Nullable;

import dev.bastion.system.BastionException;
import dev.bastion.system.SharedStore;

/**
 * One token bucket per endpoint class and subject (a client address or a user): in Redis
 * when several instances share it (Bucket4j's compare-and-swap over Lettuce, see
 * {@link KnownStateProxyManager}), otherwise in memory. Deciding costs a lookup and an
 * atomic update: refusing is cheap. Buckets taken together go to Redis in one command
 * ({@link KnownStateProxyManager#together}).
 */
final class RateLimiter {

	static final String KEY_PREFIX = "bastion:rl:";

	private static final int MAX_BUCKETS = 1_000_000;

	private static final Duration KEEP_FULL_BUCKETS = Duration.ofSeconds(10);

	private final Map<EndpointClass, RatePolicy> policies;

	private final Cache<String, Bucket> localBuckets;

	private final Cache<String, AsyncBucketProxy> redisProxies;

	private final SharedStore shared;

	private final Duration longestPeriod;

	private final AtomicReference<@Nullable KnownStateProxyManager> redisBuckets = new AtomicReference<>();

	RateLimiter(Map<EndpointClass, RatePolicy> policies, SharedStore shared) {
		this(policies, List.of(), shared);
	}

	/**
	 * With {@code others}: policies not of an endpoint class that are used through
	 * {@link #consume(RatePolicy, String)}, whose buckets must be kept as long as theirs.
	 */
	RateLimiter(Map<EndpointClass, RatePolicy> policies, List<RatePolicy> others, SharedStore shared) {
		this.policies = Map.copyOf(policies);
		this.shared = shared;
		Duration longest = java.util.stream.Stream.concat(policies.values().stream(), others.stream())
			.flatMap((policy) -> policy.limits().stream())
			.map(RatePolicy.Limit::period)
			.max(Comparator.naturalOrder())
			.orElse(Duration.ofHours(1));
		this.longestPeriod = longest;
		this.localBuckets = Caffeine.newBuilder().maximumSize(MAX_BUCKETS).expireAfterAccess(longest).build();
		this.redisProxies = Caffeine.newBuilder().maximumSize(MAX_BUCKETS).expireAfterAccess(longest).build();
	}

	/** Whether the buckets are in Redis, where taking two at once saves a round trip. */
	boolean shared() {
		return this.shared.enabled();
	}

	Decision consume(EndpointClass endpoint, String subject) {
		return consume(this.policies.get(endpoint), key(endpoint, subject));
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
		return consumeEach(this.policies.get(endpoint), key(endpoint, address), key(endpoint, user));
	}

	/**
	 * One token from each bucket, the decisions in the order of the keys. With Redis, the
	 * keys go out together and cost one round trip.
	 */
	private List<Decision> consumeEach(RatePolicy policy, String... keys) {
		if (!this.shared.enabled()) {
			return local(policy, keys);
		}
		return this.shared.callBinary((connection) -> {
			KnownStateProxyManager buckets = redisBuckets(connection);
			List<CompletableFuture<ConsumptionProbe>> probes = new ArrayList<>(keys.length);
			buckets.together(() -> {
				for (String key : keys) {
					probes.add(redisBucket(buckets, policy, key).tryConsumeAndReturnRemaining(1));
				}
			});
			return probes.stream().map((probe) -> Decision.of(policy, probe.join(), true)).toList();
		}, () -> local(policy, keys));
	}

	/**
	 * Returns the token {@code taken} took from {@code subject}'s bucket, for a request
	 * that was not served after all; to the bucket it came from. Best effort: when Redis
	 * cannot be reached, the token stays taken until the bucket refills.
	 */
	void giveBack(EndpointClass endpoint, String subject, Decision taken) {
		giveBack(this.policies.get(endpoint), key(endpoint, subject), taken);
	}

	/**
	 * As {@link #giveBack(EndpointClass, String, Decision)}, for the bucket {@code key}.
	 */
	void giveBack(RatePolicy policy, String key, Decision taken) {
		if (!taken.shared()) {
			bucket(policy, key).addTokens(1);
			return;
		}
		try {
			this.shared.callBinary(
					(connection) -> redisBucket(redisBuckets(connection), policy, key).addTokens(1).join(), () -> null);
		}
		catch (BastionException ex) {
			// Policy closed and Redis away: nothing to give the token back to.
		}
	}

	private static String key(EndpointClass endpoint, String subject) {
		return endpoint.name() + "|" + subject;
	}

	private List<Decision> local(RatePolicy policy, String... keys) {
		return Arrays.stream(keys)
			.map((key) -> Decision.of(policy, bucket(policy, key).tryConsumeAndReturnRemaining(1), false))
			.toList();
	}

	private Bucket bucket(RatePolicy policy, String key) {
		return this.localBuckets.get(key, (ignored) -> policy.newBucket());
	}

	/**
	 * One proxy object per bucket, reused, so that concurrent requests for the same
	 * bucket are batched into one compare-and-swap instead of retrying against each
	 * other.
	 */
	private AsyncBucketProxy redisBucket(KnownStateProxyManager buckets, RatePolicy policy, String key) {
		return this.redisProxies.get(key,
				(ignored) -> buckets.asAsync()
					.builder()
					.withOptimization(Optimizations.batching())
					.build(KEY_PREFIX + key, () -> CompletableFuture.completedFuture(policy.configuration())));
	}

	private KnownStateProxyManager redisBuckets(StatefulRedisConnection<String, byte[]> connection) {
		KnownStateProxyManager buckets = this.redisBuckets.get();
		if (buckets == null) {
			buckets = new KnownStateProxyManager(connection,
					ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_FULL_BUCKETS), MAX_BUCKETS,
					this.longestPeriod);
			if (!this.redisBuckets.compareAndSet(null, buckets)) {
				buckets = this.redisBuckets.get();
			}
		}
		return buckets;
	}

	/**
	 * The outcome for one subject, with what the rate-limit headers report;
	 * {@code shared} when the bucket is in Redis.
	 */
	record Decision(boolean allowed, RatePolicy policy, long remaining, long resetSeconds, long retryAfterSeconds,
			boolean shared) {

		static Decision of(RatePolicy policy, ConsumptionProbe probe, boolean shared) {
			return new Decision(probe.isConsumed(), policy, probe.getRemainingTokens(),
					seconds(probe.getNanosToWaitForReset()), Math.max(1, seconds(probe.getNanosToWaitForRefill())),
					shared);
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
