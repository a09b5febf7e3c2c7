package dev.bastion.sharedstate;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.Range;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * {@link ExpiringCache} in Redis: each entry a key with a time to live, bounded by an
 * index of expiry times (a sorted set beside the entries) that drops the oldest entries
 * beyond the bound.
 */
final class RedisCache implements ExpiringCache {

	private static final int SCAN_BATCH = 500;

	private final RedisStore redis;

	private final String prefix;

	private final String index;

	private final Duration ttl;

	private final long maxEntries;

	private final Clock clock;

	RedisCache(RedisStore redis, String namespace, Duration ttl, long maxEntries, Clock clock) {
		this.redis = redis;
		this.prefix = "bastion:" + namespace;
		this.index = this.prefix + "index";
		this.ttl = ttl;
		this.maxEntries = maxEntries;
		this.clock = clock;
	}

	@Override
	public Optional<String> get(String key) {
		return Optional.ofNullable(this.redis.text().get(this.prefix + key));
	}

	@Override
	public void put(String key, String value) {
		RedisCommands<String, String> commands = this.redis.text();
		long now = this.clock.millis();
		commands.set(this.prefix + key, value, SetArgs.Builder.px(this.ttl.toMillis()));
		commands.zadd(this.index, now + this.ttl.toMillis(), key);
		trim(commands, now);
	}

	/** Deletes the entries under a prefix, and their places in the index. */
	@Override
	public void removeStartingWith(String prefix) {
		RedisCommands<String, String> commands = this.redis.text();
		ScanArgs matching = ScanArgs.Builder.matches(RedisPatterns.escape(this.prefix + prefix) + "*")
			.limit(SCAN_BATCH);
		for (KeyScanCursor<String> cursor = commands.scan(matching);; cursor = commands.scan(cursor, matching)) {
			List<String> keys = cursor.getKeys().stream().filter((key) -> !key.equals(this.index)).toList();
			if (!keys.isEmpty()) {
				commands.del(keys.toArray(String[]::new));
				commands.zrem(this.index,
						keys.stream().map((key) -> key.substring(this.prefix.length())).toArray(String[]::new));
			}
			if (cursor.isFinished()) {
				return;
			}
		}
	}

	@Override
	public long size() {
		return trim(this.redis.text(), this.clock.millis());
	}

	/** Drops expired index entries and the oldest ones beyond the bound; the new size. */
	private long trim(RedisCommands<String, String> commands, long now) {
		commands.zremrangebyscore(this.index, Range.create(Double.NEGATIVE_INFINITY, now));
		long size = commands.zcard(this.index);
		if (size > this.maxEntries) {
			List<ScoredValue<String>> oldest = commands.zpopmin(this.index, size - this.maxEntries);
			commands.del(oldest.stream().map((entry) -> this.prefix + entry.getValue()).toArray(String[]::new));
			size = this.maxEntries;
		}
		return size;
	}

}
