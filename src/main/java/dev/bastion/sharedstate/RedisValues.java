package dev.bastion.sharedstate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import org.jspecify.annotations.Nullable;

/**
 * {@link SharedValues} in Redis, under {@link RedisStore#TRACKED}: read from the copies
 * Redis keeps current, written so that this instance's next read sees the change.
 */
final class RedisValues implements SharedValues {

	private final RedisStore redis;

	private final String prefix;

	RedisValues(RedisStore redis, String namespace) {
		this.redis = redis;
		this.prefix = RedisStore.TRACKED + namespace;
	}

	@Override
	public @Nullable String get(String key) {
		return this.redis.readTracked(List.of(this.prefix + key)).get(0);
	}

	@Override
	public List<@Nullable String> get(List<String> keys) {
		List<String> names = new ArrayList<>(keys.size());
		keys.forEach((key) -> names.add(this.prefix + key));
		return this.redis.readTracked(names);
	}

	@Override
	public void put(String key, String value, @Nullable Duration ttl) {
		if (ttl != null && (ttl.isZero() || ttl.isNegative())) {
			remove(key);
			return;
		}
		this.redis.writeTracked(
				(commands) -> (ttl != null) ? commands.set(this.prefix + key, value, SetArgs.Builder.px(ttl.toMillis()))
						: commands.set(this.prefix + key, value));
	}

	@Override
	public boolean remove(String key) {
		return this.redis.writeTracked((commands) -> commands.del(this.prefix + key) > 0);
	}

	@Override
	public Map<String, String> all() {
		RedisCommands<String, String> commands = this.redis.text();
		Map<String, String> all = new TreeMap<>();
		ScanIterator<String> keys = ScanIterator.scan(commands,
				ScanArgs.Builder.matches(RedisPatterns.escape(this.prefix) + "*"));
		while (keys.hasNext()) {
			String key = keys.next();
			String value = commands.get(key);
			if (value != null) {
				all.put(key.substring(this.prefix.length()), value);
			}
		}
		return all;
	}

}
