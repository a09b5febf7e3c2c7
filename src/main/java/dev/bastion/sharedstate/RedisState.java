package dev.bastion.sharedstate;

import java.time.Clock;
import java.time.Duration;

import dev.bastion.system.BastionException;

/**
 * With {@code REDIS_URL}: every kind of state in Redis, each behind the failure policy
 * with this instance's own state to fall back on.
 */
final class RedisState implements SharedState, AutoCloseable {

	private final RedisStore redis;

	private final FailurePolicy policy;

	private final Clock clock;

	RedisState(RedisStore redis, FailurePolicy policy, Clock clock) {
		this.redis = redis;
		this.policy = policy;
		this.clock = clock;
	}

	@Override
	public boolean acrossInstances() {
		return true;
	}

	@Override
	public String status() {
		try {
			return this.policy.attempt(() -> this.redis.ping() ? "UP" : "DOWN", () -> "DOWN");
		}
		catch (BastionException ex) {
			return "DOWN";
		}
	}

	@Override
	public SharedValues values(String namespace) {
		return new GuardedValues(new RedisValues(this.redis, namespace), new LocalValues(this.clock), this.policy);
	}

	@Override
	public WindowedCounters counters(String namespace, Duration window) {
		return new GuardedCounters(new RedisCounters(this.redis, namespace, window),
				new LocalCounters(window, this.clock), this.policy);
	}

	@Override
	public Locks locks(String namespace) {
		return new GuardedLocks(new RedisLocks(this.redis, namespace), new LocalLocks(this.clock), this.policy);
	}

	@Override
	public TokenBuckets buckets(String namespace, Duration keepIdle) {
		return new GuardedBuckets(new RedisBuckets(this.redis, namespace, keepIdle), new LocalBuckets(keepIdle),
				this.policy);
	}

	@Override
	public ExpiringCache cache(String namespace, Duration ttl, long maxEntries) {
		return new GuardedCache(new RedisCache(this.redis, namespace, ttl, maxEntries, this.clock),
				new LocalCache(ttl, maxEntries, this.clock), this.policy);
	}

	@Override
	public void close() {
		this.redis.close();
	}

}
