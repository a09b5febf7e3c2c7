package dev.bastion.ratelimit;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AsyncCompareAndSwapOperation;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager;
import org.jspecify.annotations.Nullable;

/**
 * Bucket4j's Redis buckets with one round trip saved: a compare-and-swap normally reads
 * the bucket ({@code GET}) and then swaps it against what it read. This instance
 * remembers the state it last wrote to each bucket and swaps against that directly. The
 * swap is still atomic in Redis and still compares the whole state, so nothing is
 * over-admitted: when another instance (or expiry) changed the bucket, the swap fails,
 * the remembered state is dropped, and Bucket4j retries with a fresh read. Through
 * Bucket4j's extension point for compare-and-swap stores, not a rate limiter of our own;
 * {@link RateLimiter} uses Bucket4j's asynchronous API only, so only that side is
 * overridden.
 */
final class KnownStateProxyManager extends LettuceBasedProxyManager<String> {

	private final Cache<String, byte[]> written;

	KnownStateProxyManager(Bucket4jLettuce.LettuceBasedProxyManagerBuilder<String> builder, long maxBuckets,
			Duration keep) {
		super(builder);
		// Written on every request: keep Caffeine's upkeep on the caller's thread rather
		// than waking a pool thread for it each time.
		this.written = Caffeine.newBuilder()
			.executor(Runnable::run)
			.maximumSize(maxBuckets)
			.expireAfterAccess(keep)
			.build();
	}

	/**
	 * Read on every attempt: Bucket4j retries a failed swap on the same operation. The
	 * swap completes on Lettuce's I/O thread.
	 */
	@Override
	protected AsyncCompareAndSwapOperation beginAsyncCompareAndSwapOperation(String key) {
		AsyncCompareAndSwapOperation redis = super.beginAsyncCompareAndSwapOperation(key);
		return new AsyncCompareAndSwapOperation() {

			@Override
			public CompletableFuture<Optional<byte[]>> getStateData(Optional<Long> timeoutNanos) {
				byte[] known = KnownStateProxyManager.this.written.getIfPresent(key);
				return (known != null) ? CompletableFuture.completedFuture(Optional.of(known))
						: redis.getStateData(timeoutNanos);
			}

			@Override
			public CompletableFuture<Boolean> compareAndSwap(byte @Nullable [] originalData, byte[] newData,
					RemoteBucketState newState, Optional<Long> timeoutNanos) {
				return redis.compareAndSwap(originalData, newData, newState, timeoutNanos).thenApply((swapped) -> {
					if (swapped) {
						KnownStateProxyManager.this.written.put(key, newData);
					}
					else {
						KnownStateProxyManager.this.written.invalidate(key);
					}
					return swapped;
				});
			}

		};
	}

}
