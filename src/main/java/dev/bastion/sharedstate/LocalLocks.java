package dev.bastion.sharedstate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

/**
 * {@link Locks} in this instance's memory. Under Redis's open failure policy, also the
 * copies of the locks this instance last saw in Redis ({@link #keep}), which hold while
 * Redis is away.
 */
final class LocalLocks implements Locks {

	/**
	 * About what one lock holds, measured (247 bytes): Caffeine's entry with its expiry,
	 * a key of up to 70 characters ({@code login:} and a 64-digit keyed hash) and the
	 * time it ends.
	 */
	static final long ENTRY_BYTES = 256;

	static final long MAX_KEYS = HeapShare.maxEntries(ENTRY_BYTES);

	private final Clock clock;

	private final Cache<String, Instant> lockedUntil;

	LocalLocks(Clock clock) {
		this.clock = clock;
		// Evicting a lock that ran out only saves memory: a read checks the time itself.
		this.lockedUntil = Caffeine.newBuilder()
			.maximumSize(MAX_KEYS)
			.expireAfter(Expiry.writing((String key, Instant until) -> remaining(until)))
			.build();
	}

	@Override
	public Optional<Duration> remaining(String key) {
		Instant until = this.lockedUntil.getIfPresent(key);
		if (until == null) {
			return Optional.empty();
		}
		Duration remaining = remaining(until);
		return (remaining.isZero()) ? Optional.empty() : Optional.of(remaining);
	}

	@Override
	public void lock(String key, Duration duration) {
		this.lockedUntil.put(key, this.clock.instant().plus(duration));
	}

	@Override
	public void unlock(String key) {
		this.lockedUntil.invalidate(key);
	}

	/** Keeps the lock as the shared store has it: the state to fall back on. */
	void keep(String key, Optional<Duration> lock) {
		if (lock.isPresent()) {
			lock(key, lock.get());
		}
		else if (this.lockedUntil.getIfPresent(key) != null) {
			unlock(key);
		}
	}

	private Duration remaining(Instant until) {
		Duration remaining = Duration.between(this.clock.instant(), until);
		return remaining.isNegative() ? Duration.ZERO : remaining;
	}

}
