package dev.bastion.sharedstate;

import java.time.Duration;

import io.lettuce.core.api.sync.RedisCommands;

/**
 * {@link WindowedCounters} in Redis, with fixed windows: a key's first event starts its
 * window, and the key expires with it.
 */
final class RedisCounters implements WindowedCounters {

	private final RedisStore redis;

	private final String prefix;

	private final long windowMillis;

	RedisCounters(RedisStore redis, String namespace, Duration window) {
		this.redis = redis;
		this.prefix = "bastion:" + namespace;
		this.windowMillis = window.toMillis();
	}

	@Override
	public long increment(String key) {
		RedisCommands<String, String> commands = this.redis.text();
		long count = commands.incr(this.prefix + key);
		if (count == 1) {
			commands.pexpire(this.prefix + key, this.windowMillis);
		}
		return count;
	}

	@Override
	public long addMember(String key, String member) {
		RedisCommands<String, String> commands = this.redis.text();
		long added = commands.sadd(this.prefix + key, member);
		long distinct = commands.scard(this.prefix + key);
		if (added == 1 && distinct == 1) {
			commands.pexpire(this.prefix + key, this.windowMillis);
		}
		return distinct;
	}

	@Override
	public void reset(String... keys) {
		String[] names = new String[keys.length];
		for (int i = 0; i < keys.length; i++) {
			names[i] = this.prefix + keys[i];
		}
		this.redis.text().del(names);
	}

}
