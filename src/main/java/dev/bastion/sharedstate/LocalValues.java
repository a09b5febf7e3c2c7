package dev.bastion.sharedstate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.jspecify.annotations.Nullable;

/**
 * {@link SharedValues} in this instance's memory. Under Redis's open failure policy, also
 * the copies of what this instance last read from or wrote to Redis ({@link #keep}),
 * which answer while Redis is away.
 */
final class LocalValues implements SharedValues {

	/**
	 * About what one value holds, measured (240 bytes): Caffeine's entry with its expiry,
	 * a key such as {@code jti:} and a UUID, a short value and its expiry time.
	 */
	static final long ENTRY_BYTES = 256;

	static final long MAX_KEYS = HeapShare.maxEntries(ENTRY_BYTES);

	private final Clock clock;

	private final Cache<String, Entry> entries;

	LocalValues(Clock clock) {
		this.clock = clock;
		// Evicting an expired entry only saves memory: a read checks the expiry itself.
		this.entries = Caffeine.newBuilder().maximumSize(MAX_KEYS).expireAfter(new Expiry<String, Entry>() {
			@Override
			public long expireAfterCreate(String key, Entry entry, long currentTime) {
				return (entry.expiresAt() != null)
						? Math.max(0, Duration.between(clock.instant(), entry.expiresAt()).toNanos()) : Long.MAX_VALUE;
			}

			@Override
			public long expireAfterUpdate(String key, Entry entry, long currentTime, long currentDuration) {
				return expireAfterCreate(key, entry, currentTime);
			}

			@Override
			public long expireAfterRead(String key, Entry entry, long currentTime, long currentDuration) {
				return currentDuration;
			}
		}).build();
	}

	@Override
	public @Nullable String get(String key) {
		Entry entry = this.entries.getIfPresent(key);
		return (entry != null && entry.liveAt(this.clock.instant())) ? entry.value() : null;
	}

	@Override
	public List<@Nullable String> get(List<String> keys) {
		List<@Nullable String> values = new ArrayList<>(keys.size());
		keys.forEach((key) -> values.add(get(key)));
		return values;
	}

	@Override
	public void put(String key, String value, @Nullable Duration ttl) {
		if (ttl != null && (ttl.isZero() || ttl.isNegative())) {
			this.entries.invalidate(key);
			return;
		}
		this.entries.put(key, new Entry(value, (ttl != null) ? this.clock.instant().plus(ttl) : null));
	}

	@Override
	public boolean remove(String key) {
		Entry entry = this.entries.asMap().remove(key);
		return entry != null && entry.liveAt(this.clock.instant());
	}

	@Override
	public Map<String, String> all() {
		Instant now = this.clock.instant();
		Map<String, String> all = new TreeMap<>();
		this.entries.asMap().forEach((key, entry) -> {
			if (entry.liveAt(now)) {
				all.put(key, entry.value());
			}
		});
		return all;
	}

	/**
	 * Keeps {@code value} as the copy of what the shared store holds under {@code key}
	 * (its expiry is not known: a value that must run out carries its end itself).
	 */
	void keep(String key, @Nullable String value) {
		// Read first: values are read on every request, and rarely change.
		Entry entry = this.entries.getIfPresent(key);
		if (value == null) {
			if (entry != null) {
				this.entries.invalidate(key);
			}
		}
		else if (entry == null || !value.equals(entry.value()) || !entry.liveAt(this.clock.instant())) {
			this.entries.put(key, new Entry(value, null));
		}
	}

	private record Entry(String value, @Nullable Instant expiresAt) {

		boolean liveAt(Instant now) {
			return this.expiresAt == null || now.isBefore(this.expiresAt);
		}

	}

}
