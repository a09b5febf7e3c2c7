package dev.bastion.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Failed-login counters and locks, by key: a known account, an unknown login name
 * (counted exactly the same way, so a lock reveals nothing), or a trusted device.
 * {@code max} failures within the window lock the key for the lockout duration.
 */
final class LoginAttempts {

	private static final int MAX_KEYS = 1_000_000;

	private final int max;

	private final Duration window;

	private final Duration lockout;

	private final Clock clock;

	private final Cache<String, Counter> counters;

	LoginAttempts(int max, Duration window, Duration lockout, Clock clock) {
		this.max = max;
		this.window = window;
		this.lockout = lockout;
		this.clock = clock;
		this.counters = Caffeine.newBuilder()
			.maximumSize(MAX_KEYS)
			.expireAfterAccess(window.compareTo(lockout) > 0 ? window : lockout)
			.build();
	}

	/** How much longer the key is locked, if it is. */
	Optional<Duration> lockedFor(String key) {
		Counter counter = this.counters.getIfPresent(key);
		if (counter == null) {
			return Optional.empty();
		}
		synchronized (counter) {
			Instant now = this.clock.instant();
			return (counter.lockedUntil != null && now.isBefore(counter.lockedUntil))
					? Optional.of(Duration.between(now, counter.lockedUntil)) : Optional.empty();
		}
	}

	/**
	 * Counts a failure; returns the lock it caused, if this failure reached the limit.
	 */
	Optional<Duration> fail(String key) {
		Counter counter = this.counters.get(key, (ignored) -> new Counter());
		synchronized (counter) {
			Instant now = this.clock.instant();
			counter.failures.addLast(now);
			Instant oldest = now.minus(this.window);
			for (Instant first = counter.failures.peekFirst(); first != null
					&& first.isBefore(oldest); first = counter.failures.peekFirst()) {
				counter.failures.removeFirst();
			}
			if (counter.failures.size() >= this.max) {
				counter.failures.clear();
				counter.lockedUntil = now.plus(this.lockout);
				return Optional.of(this.lockout);
			}
			return Optional.empty();
		}
	}

	void reset(String key) {
		this.counters.invalidate(key);
	}

	private static final class Counter {

		private final Deque<Instant> failures = new ArrayDeque<>();

		private Instant lockedUntil;

	}

}
