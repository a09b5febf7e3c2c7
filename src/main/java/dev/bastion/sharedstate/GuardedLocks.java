package dev.bastion.sharedstate;

import java.time.Duration;
import java.util.Optional;

/**
 * {@link Locks} in Redis under the failure policy. Under the open policy every lock this
 * instance set or checked in Redis is also kept here, so that the locks in force when
 * Redis went away keep holding until it returns.
 */
final class GuardedLocks implements Locks {

	private final Locks redis;

	private final LocalLocks local;

	private final FailurePolicy policy;

	GuardedLocks(Locks redis, LocalLocks local, FailurePolicy policy) {
		this.redis = redis;
		this.local = local;
		this.policy = policy;
	}

	@Override
	public Optional<Duration> remaining(String key) {
		return this.policy.attempt(() -> {
			Optional<Duration> lock = this.redis.remaining(key);
			if (this.policy.open()) {
				this.local.keep(key, lock);
			}
			return lock;
		}, () -> this.local.remaining(key));
	}

	@Override
	public void lock(String key, Duration duration) {
		this.policy.run(() -> {
			this.redis.lock(key, duration);
			if (this.policy.open()) {
				this.local.lock(key, duration);
			}
		}, () -> this.local.lock(key, duration));
	}

	@Override
	public void unlock(String key) {
		this.local.unlock(key);
		this.policy.tryRun(() -> this.redis.unlock(key));
	}

}
