package dev.bastion.sharedstate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AsyncCompareAndSwapOperation;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import org.jspecify.annotations.Nullable;

/**
 * Bucket4j's Redis buckets with round trips saved, through Bucket4j's extension point for
 * compare-and-swap stores, not a rate limiter of our own:
 * <ul>
 * <li>A compare-and-swap normally reads the bucket ({@code GET}) and then swaps it
 * against what it read. This instance remembers the state it last wrote to each bucket
 * and swaps against that directly.</li>
 * <li>The swaps that Bucket4j starts on one thread inside {@link #together} go to Redis
 * as one script: a request takes its address's and its user's bucket in one command. Each
 * swap in it succeeds or fails on its own, exactly as if sent alone. (All keys of one
 * script must live on one node: Bastion uses a single Redis, not a cluster.)</li>
 * </ul>
 * A swap is still atomic in Redis and still compares the whole state, so nothing is
 * over-admitted: when another instance (or expiry) changed the bucket, the swap fails,
 * the remembered state is dropped, and Bucket4j retries with a fresh read. Retries, and
 * swaps Bucket4j's batching starts later on Lettuce's I/O thread, go out alone through
 * Bucket4j's own script. {@link RedisBuckets} uses Bucket4j's asynchronous API only, so
 * only that side is overridden.
 */
final class KnownStateProxyManager extends LettuceBasedProxyManager<String> {

	/** Per key: ARGV holds the expected state, the new state and the time to live. */
	private static final String SWAP_EACH = """
			local swapped = {}
			for i = 1, #KEYS do
			  if redis.call('get', KEYS[i]) == ARGV[3 * i - 2] then
			    redis.call('psetex', KEYS[i], ARGV[3 * i], ARGV[3 * i - 1])
			    swapped[i] = 1
			  else
			    swapped[i] = 0
			  end
			end
			return swapped""";

	private final StatefulRedisConnection<String, byte[]> connection;

	private final ExpirationAfterWriteStrategy expiry;

	private final Cache<String, byte[]> written;

	private final ThreadLocal<@Nullable List<Swap>> gathering = new ThreadLocal<>();

	KnownStateProxyManager(StatefulRedisConnection<String, byte[]> connection, ExpirationAfterWriteStrategy expiry,
			long maxBuckets, Duration keep) {
		super(Bucket4jLettuce.casBasedBuilder(connection).expirationAfterWrite(expiry));
		this.connection = connection;
		this.expiry = expiry;
		// Written on every request: keep Caffeine's upkeep on the caller's thread rather
		// than waking a pool thread for it each time.
		this.written = Caffeine.newBuilder()
			.executor(Runnable::run)
			.maximumSize(maxBuckets)
			.expireAfterAccess(keep)
			.build();
	}

	/**
	 * Runs {@code work}, which starts operations on buckets of this manager without
	 * waiting for them; the swaps they start on this thread against known state then go
	 * to Redis in one command.
	 */
	void together(Runnable work) {
		List<Swap> swaps = new ArrayList<>(2);
		this.gathering.set(swaps);
		try {
			work.run();
		}
		finally {
			this.gathering.remove();
			send(swaps);
		}
	}

	private void send(List<Swap> swaps) {
		if (swaps.isEmpty()) {
			return;
		}
		String[] keys = new String[swaps.size()];
		byte[][] arguments = new byte[3 * swaps.size()][];
		for (int i = 0; i < swaps.size(); i++) {
			Swap swap = swaps.get(i);
			keys[i] = swap.key();
			arguments[3 * i] = swap.expected();
			arguments[3 * i + 1] = swap.replacement();
			arguments[3 * i + 2] = Long.toString(swap.timeToLiveMillis()).getBytes(StandardCharsets.US_ASCII);
		}
		try {
			this.connection.async()
				.<List<Long>>eval(SWAP_EACH, ScriptOutputType.MULTI, keys, arguments)
				.whenComplete((swapped, failure) -> {
					for (int i = 0; i < swaps.size(); i++) {
						if (failure != null) {
							swaps.get(i).result().completeExceptionally(failure);
						}
						else {
							swaps.get(i).result().complete(swapped.get(i) == 1L);
						}
					}
				});
		}
		catch (RuntimeException ex) {
			swaps.forEach((swap) -> swap.result().completeExceptionally(ex));
		}
	}

	/** Read on every attempt: Bucket4j retries a failed swap on the same operation. */
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
				return swap(key, originalData, newData, newState)
					.orElseGet(() -> redis.compareAndSwap(originalData, newData, newState, timeoutNanos))
					.thenApply((swapped) -> {
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

	/** The swap's outcome, when it joins the ones being gathered on this thread. */
	private Optional<CompletableFuture<Boolean>> swap(String key, byte @Nullable [] expected, byte[] replacement,
			RemoteBucketState newState) {
		List<Swap> swaps = this.gathering.get();
		if (swaps == null || expected == null) {
			return Optional.empty();
		}
		long timeToLive = this.expiry.calculateTimeToLiveMillis(newState, currentTimeNanos());
		if (timeToLive <= 0) {
			return Optional.empty();
		}
		Swap swap = new Swap(key, expected, replacement, timeToLive, new CompletableFuture<>());
		swaps.add(swap);
		return Optional.of(swap.result());
	}

	private record Swap(String key, byte[] expected, byte[] replacement, long timeToLiveMillis,
			CompletableFuture<Boolean> result) {
	}

}
