package dev.bastion.sharedstate;

import java.time.Duration;
import java.util.Optional;

import io.lettuce.core.SetArgs;

/** {@link Locks} in Redis: a key with a time to live. */
final class RedisLocks implements Locks {

	private final RedisStore redis;

	private final String prefix;

	RedisLocks(RedisStore redis, String namespace) {
		this.redis = redis;
		this.prefix = "bastion:" + namespace;
	}

	@Override
	public Optional<Duration> remaining(String key) {
		long remaining = this.redis.text().pttl(this.prefix + key);
		return (remaining > 0) ? Optional.of(Duration.ofMillis(remaining)) : Optional.empty();
	}

	@Override
	public void lock(String key, Duration duration) {
		if (duration.toMillis() < 1) {
			unlock(key);
			return;
		}
		this.redis.text().set(this.prefix + key, "1", SetArgs.Builder.px(duration.toMillis()));
	}

	@Override
	public void unlock(String key) {
		this.redis.text().del(this.prefix + key);
	}

}
