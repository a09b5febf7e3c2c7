package dev.bastion.sharedstate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.local.LocalBucketBuilder;

/** {@link TokenBuckets} in this instance's memory: Bucket4j's lock-free local buckets. */
final class LocalBuckets implements TokenBuckets {

	/**
	 * About what one bucket holds, measured (486 bytes): Caffeine's entry, a key such as
	 * {@code DEFAULT|2001:db8:0:1:0:0:0:0/64}, and Bucket4j's lock-free bucket with its
	 * own configuration and state.
	 */
	static final long ENTRY_BYTES = 512;

	static final long MAX_BUCKETS = HeapShare.maxEntries(ENTRY_BYTES);

	private final Cache<String, Bucket> buckets;

	LocalBuckets(Duration keepIdle) {
		this.buckets = Caffeine.newBuilder().maximumSize(MAX_BUCKETS).expireAfterAccess(keepIdle).build();
	}

	@Override
	public List<Taken> take(Supplier<BucketConfiguration> limits, String... keys) {
		List<Taken> taken = new ArrayList<>(keys.length);
		for (String key : keys) {
			taken.add(new Taken(key, limits, bucket(key, limits).tryConsumeAndReturnRemaining(1), false));
		}
		return taken;
	}

	@Override
	public void giveBack(Taken taken) {
		bucket(taken.key(), taken.limits()).addTokens(1);
	}

	@Override
	public boolean remote() {
		return false;
	}

	private Bucket bucket(String key, Supplier<BucketConfiguration> limits) {
		return this.buckets.get(key, (ignored) -> {
			LocalBucketBuilder builder = Bucket.builder();
			for (Bandwidth bandwidth : limits.get().getBandwidths()) {
				builder.addLimit(bandwidth);
			}
			return builder.build();
		});
	}

}
