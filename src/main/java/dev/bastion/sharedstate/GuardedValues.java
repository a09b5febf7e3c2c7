package dev.bastion.sharedstate;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * {@link SharedValues} in Redis under the failure policy. Under the open policy every
 * value read from or written to Redis is also kept here, so that the bans and the
 * emergency limit in force when Redis went away keep holding until it returns.
 */
final class GuardedValues implements SharedValues {

	private final SharedValues redis;

	private final LocalValues local;

	private final FailurePolicy policy;

	GuardedValues(SharedValues redis, LocalValues local, FailurePolicy policy) {
		this.redis = redis;
		this.local = local;
		this.policy = policy;
	}

	@Override
	public @Nullable String get(String key) {
		return this.policy.attempt(() -> kept(key, this.redis.get(key)), () -> this.local.get(key));
	}

	@Override
	public List<@Nullable String> get(List<String> keys) {
		return this.policy.attempt(() -> {
			List<@Nullable String> values = this.redis.get(keys);
			for (int i = 0; i < keys.size(); i++) {
				kept(keys.get(i), values.get(i));
			}
			return values;
		}, () -> this.local.get(keys));
	}

	private @Nullable String kept(String key, @Nullable String value) {
		if (this.policy.open()) {
			this.local.keep(key, value);
		}
		return value;
	}

	@Override
	public void put(String key, String value, @Nullable Duration ttl) {
		if (this.policy.open()) {
			this.local.put(key, value, ttl);
		}
		this.policy.run(() -> this.redis.put(key, value, ttl), () -> {
		});
	}

	@Override
	public boolean remove(String key) {
		boolean here = this.policy.open() && this.local.remove(key);
		return this.policy.attempt(() -> this.redis.remove(key) || here, () -> here);
	}

	@Override
	public Map<String, String> all() {
		return this.policy.attempt(this.redis::all, this.local::all);
	}

}
