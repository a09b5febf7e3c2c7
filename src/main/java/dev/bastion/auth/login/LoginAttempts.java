package dev.bastion.auth.login;

import java.time.Duration;
import java.util.Optional;

import dev.bastion.sharedstate.Locks;
import dev.bastion.sharedstate.WindowedCounters;

/**
 * Failed-login counters and locks, by key: a known account, an unknown login name
 * (counted exactly the same way, so a lock reveals nothing), or a trusted device.
 * {@code max} failures within the window lock the key for the lockout duration.
 */
final class LoginAttempts {

	private final int max;

	private final Duration lockout;

	private final WindowedCounters failures;

	private final Locks locks;

	LoginAttempts(int max, Duration lockout, WindowedCounters failures, Locks locks) {
		this.max = max;
		this.lockout = lockout;
		this.failures = failures;
		this.locks = locks;
	}

	/** How much longer the key is locked, if it is. */
	Optional<Duration> lockedFor(String key) {
		return this.locks.remaining(key);
	}

	/**
	 * Counts a failure; returns the lock it caused, if this failure reached the limit.
	 */
	Optional<Duration> fail(String key) {
		if (this.failures.increment(key) < this.max) {
			return Optional.empty();
		}
		this.locks.lock(key, this.lockout);
		this.failures.reset(key);
		return Optional.of(this.lockout);
	}

	void reset(String key) {
		this.failures.reset(key);
		this.locks.unlock(key);
	}

}
