package dev.bastion.sharedstate;

/**
 * {@link WindowedCounters} in Redis under the failure policy; under the open policy,
 * counting starts afresh here while Redis is away.
 */
final class GuardedCounters implements WindowedCounters {

	private final WindowedCounters redis;

	private final WindowedCounters local;

	private final FailurePolicy policy;

	GuardedCounters(WindowedCounters redis, WindowedCounters local, FailurePolicy policy) {
		this.redis = redis;
		this.local = local;
		this.policy = policy;
	}

	@Override
	public long increment(String key) {
		return this.policy.attempt(() -> this.redis.increment(key), () -> this.local.increment(key));
	}

	@Override
	public long addMember(String key, String member) {
		return this.policy.attempt(() -> this.redis.addMember(key, member), () -> this.local.addMember(key, member));
	}

	@Override
	public void reset(String... keys) {
		this.local.reset(keys);
		this.policy.tryRun(() -> this.redis.reset(keys));
	}

}
