package dev.bastion.sharedstate;

import java.util.List;
import java.util.function.Supplier;

import io.github.bucket4j.BucketConfiguration;

/**
 * {@link TokenBuckets} in Redis under the failure policy; under the open policy, the
 * buckets start full here while Redis is away. A token goes back where it was taken.
 */
final class GuardedBuckets implements TokenBuckets {

	private final TokenBuckets redis;

	private final TokenBuckets local;

	private final FailurePolicy policy;

	GuardedBuckets(TokenBuckets redis, TokenBuckets local, FailurePolicy policy) {
		this.redis = redis;
		this.local = local;
		this.policy = policy;
	}

	@Override
	public List<Taken> take(Supplier<BucketConfiguration> limits, String... keys) {
		return this.policy.attempt(() -> this.redis.take(limits, keys), () -> this.local.take(limits, keys));
	}

	@Override
	public void giveBack(Taken taken) {
		if (taken.remote()) {
			this.policy.tryRun(() -> this.redis.giveBack(taken));
		}
		else {
			this.local.giveBack(taken);
		}
	}

	@Override
	public boolean remote() {
		return true;
	}

}
