package dev.bastion.sharedstate;

import java.util.Optional;
import java.util.function.Supplier;

import dev.bastion.system.BastionException;

/**
 * {@link ExpiringCache} in Redis under the failure policy, best effort: under the closed
 * policy a failure is a miss, under the open one this instance's own entries answer
 * (every entry it put is kept here too).
 */
final class GuardedCache implements ExpiringCache {

	private final ExpiringCache redis;

	private final ExpiringCache local;

	private final FailurePolicy policy;

	GuardedCache(ExpiringCache redis, ExpiringCache local, FailurePolicy policy) {
		this.redis = redis;
		this.local = local;
		this.policy = policy;
	}

	@Override
	public Optional<String> get(String key) {
		return best(() -> this.policy.attempt(() -> this.redis.get(key), () -> this.local.get(key)), Optional::empty);
	}

	@Override
	public void put(String key, String value) {
		if (this.policy.open()) {
			this.local.put(key, value);
		}
		this.policy.tryRun(() -> this.redis.put(key, value));
	}

	@Override
	public void removeStartingWith(String prefix) {
		this.local.removeStartingWith(prefix);
		this.policy.tryRun(() -> this.redis.removeStartingWith(prefix));
	}

	@Override
	public long size() {
		return best(() -> this.policy.attempt(this.redis::size, this.local::size), this.local::size);
	}

	/** A refusal of the closed policy is a miss: the cache never refuses a request. */
	private static <T> T best(Supplier<T> operation, Supplier<T> otherwise) {
		try {
			return operation.get();
		}
		catch (BastionException ex) {
			return otherwise.get();
		}
	}

}
