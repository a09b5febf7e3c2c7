package dev.bastion.sharedstate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/** {@link ExpiringCache} in this instance's memory. */
final class LocalCache implements ExpiringCache {

	private final Duration ttl;

	private final Clock clock;

	private final Cache<String, Entry> entries;

	LocalCache(Duration ttl, long maxEntries, Clock clock) {
		this.ttl = ttl;
		this.clock = clock;
		// Caffeine's own expiry frees the memory; a read checks the expiry itself.
		this.entries = Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(ttl).build();
	}

	@Override
	public Optional<String> get(String key) {
		Entry entry = this.entries.getIfPresent(key);
		return (entry != null && this.clock.instant().isBefore(entry.expiresAt())) ? Optional.of(entry.value())
				: Optional.empty();
	}

	@Override
	public void put(String key, String value) {
		this.entries.put(key, new Entry(value, this.clock.instant().plus(this.ttl)));
	}

	@Override
	public void removeStartingWith(String prefix) {
		this.entries.asMap().keySet().removeIf((key) -> key.startsWith(prefix));
	}

	@Override
	public long size() {
		Instant now = this.clock.instant();
		this.entries.asMap().values().removeIf((entry) -> !now.isBefore(entry.expiresAt()));
		this.entries.cleanUp();
		return this.entries.estimatedSize();
	}

	private record Entry(String value, Instant expiresAt) {
	}

}
