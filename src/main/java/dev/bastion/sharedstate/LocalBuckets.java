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

	static final int MAX_BUCKETS = 1_000_000;

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
