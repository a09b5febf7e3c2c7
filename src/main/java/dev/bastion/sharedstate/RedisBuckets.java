package dev.bastion.sharedstate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import org.jspecify.annotations.Nullable;

/**
 * {@link TokenBuckets} in Redis: Bucket4j's compare-and-swap buckets over Lettuce, with
 * the round trips {@link KnownStateProxyManager} saves, so that the buckets taken in one
 * call cost one command.
 */
final class RedisBuckets implements TokenBuckets {

	private static final Duration KEEP_FULL_BUCKETS = Duration.ofSeconds(10);

	private final RedisStore redis;

	private final String prefix;

	private final Duration keepIdle;

	private final Cache<String, AsyncBucketProxy> proxies;

	private final AtomicReference<@Nullable KnownStateProxyManager> manager = new AtomicReference<>();

	RedisBuckets(RedisStore redis, String namespace, Duration keepIdle) {
		this.redis = redis;
		this.prefix = "bastion:" + namespace;
		this.keepIdle = keepIdle;
		this.proxies = Caffeine.newBuilder().maximumSize(LocalBuckets.MAX_BUCKETS).expireAfterAccess(keepIdle).build();
	}

	@Override
	public List<Taken> take(Supplier<BucketConfiguration> limits, String... keys) {
		KnownStateProxyManager buckets = manager();
		List<CompletableFuture<ConsumptionProbe>> probes = new ArrayList<>(keys.length);
		buckets.together(() -> {
			for (String key : keys) {
				probes.add(proxy(buckets, key, limits).tryConsumeAndReturnRemaining(1));
			}
		});
		List<Taken> taken = new ArrayList<>(keys.length);
		for (int i = 0; i < keys.length; i++) {
			taken.add(new Taken(keys[i], limits, probes.get(i).join(), true));
		}
		return taken;
	}

	@Override
	public void giveBack(Taken taken) {
		proxy(manager(), taken.key(), taken.limits()).addTokens(1).join();
	}

	@Override
	public boolean remote() {
		return true;
	}

	/**
	 * One proxy object per bucket, reused, so that concurrent requests for the same
	 * bucket are batched into one compare-and-swap instead of retrying against each
	 * other.
	 */
	private AsyncBucketProxy proxy(KnownStateProxyManager buckets, String key, Supplier<BucketConfiguration> limits) {
		return this.proxies.get(key,
				(ignored) -> buckets.asAsync()
					.builder()
					.withOptimization(Optimizations.batching())
					.build(this.prefix + key, () -> CompletableFuture.completedFuture(limits.get())));
	}

	private KnownStateProxyManager manager() {
		KnownStateProxyManager buckets = this.manager.get();
		if (buckets == null) {
			buckets = new KnownStateProxyManager(this.redis.binaryConnection(),
					ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_FULL_BUCKETS),
					LocalBuckets.MAX_BUCKETS, this.keepIdle);
			if (!this.manager.compareAndSet(null, buckets)) {
				buckets = Objects.requireNonNull(this.manager.get());
			}
		}
		return buckets;
	}

}
