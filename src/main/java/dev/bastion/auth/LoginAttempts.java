package dev.bastion.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import org.jspecify.annotations.Nullable;

import dev.bastion.system.SharedStore;

/**
 * Failed-login counters and locks, by key: a known account, an unknown login name
 * (counted exactly the same way, so a lock reveals nothing), or a trusted device.
 * {@code max} failures within the window lock the key for the lockout duration.
 * <p>
 * With Redis, this instance also keeps a copy of every lock it set or found there (and
 * drops it when Redis shows the lock gone), so that under
 * {@code REDIS_FAILURE_POLICY=open} the locks in force when Redis went away keep holding
 * here until it returns.
 */
final class LoginAttempts {

	private static final int MAX_KEYS = 1_000_000;

	private static final String FAILURES = "bastion:login-failures:";

	private static final String LOCK = "bastion:lock:";

	private final int max;

	private final Duration window;

	private final Duration lockout;

	private final Clock clock;

	private final Cache<String, Counter> counters;

	private final SharedStore shared;

	LoginAttempts(int max, Duration window, Duration lockout, Clock clock, SharedStore shared) {
		this.shared = shared;
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
		if (this.shared.enabled()) {
			return this.shared.call((redis) -> {
				long remaining = redis.pttl(LOCK + key);
				Optional<Duration> lock = (remaining > 0) ? Optional.of(Duration.ofMillis(remaining))
						: Optional.<Duration>empty();
				remember(key, lock);
				return lock;
			}, () -> lockedForHere(key));
		}
		return lockedForHere(key);
	}

	private Optional<Duration> lockedForHere(String key) {
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
		if (this.shared.enabled()) {
			return this.shared.call((redis) -> failInRedis(redis, key), () -> failHere(key));
		}
		return failHere(key);
	}

	/** Fixed windows in Redis: the first failure starts the window. */
	private Optional<Duration> failInRedis(RedisCommands<String, String> redis, String key) {
		long failures = redis.incr(FAILURES + key);
		if (failures == 1) {
			redis.pexpire(FAILURES + key, this.window.toMillis());
		}
		if (failures < this.max) {
			return Optional.empty();
		}
		redis.set(LOCK + key, "1", SetArgs.Builder.px(this.lockout.toMillis()));
		redis.del(FAILURES + key);
		remember(key, Optional.of(this.lockout));
		return Optional.of(this.lockout);
	}

	/**
	 * Keeps this instance's copy of the key's lock as Redis has it: the state to fall
	 * back on while Redis is away.
	 */
	private void remember(String key, Optional<Duration> lock) {
		Counter counter = lock.isPresent() ? this.counters.get(key, (ignored) -> new Counter())
				: this.counters.getIfPresent(key);
		if (counter == null) {
			return;
		}
		synchronized (counter) {
			counter.lockedUntil = lock.map((remaining) -> this.clock.instant().plus(remaining)).orElse(null);
		}
	}

	private Optional<Duration> failHere(String key) {
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
		this.shared.tryRun((redis) -> redis.del(FAILURES + key, LOCK + key));
	}

	private static final class Counter {

		private final Deque<Instant> failures = new ArrayDeque<>();

		private @Nullable Instant lockedUntil;

	}

}
