package dev.bastion.auth.login;

import java.time.Duration;
import java.util.Optional;

import dev.bastion.sharedstate.Locks;
import dev.bastion.sharedstate.WindowedCounters;

/**
 * Failed-login counters and locks, by key: a known account, an unknown login name
 * (counted exactly the same way, so a lock reveals nothing), or a trusted device.
 * {@code max} failures within the window lock the key for the lockout duration.
 * <p>
 * Unknown login names ({@link #UNKNOWN_NAMES}) are counted and locked in maps of their
 * own: anyone can make any number of them, and the local maps are bounded by the heap, so
 * sharing one map would let a flood of made-up names evict a real account's count or lock
 * and win more guesses at its password. Accounts and devices are only as many as exist.
 */
final class LoginAttempts {

	/** The prefix of the keys of login names that name no account. */
	static final String UNKNOWN_NAMES = "login:";

	private final int max;

	private final Duration lockout;

	private final Keys known;

	private final Keys unknown;

	LoginAttempts(int max, Duration lockout, Keys known, Keys unknown) {
		this.max = max;
		this.lockout = lockout;
		this.known = known;
		this.unknown = unknown;
	}

	/** How much longer the key is locked, if it is. */
	Optional<Duration> lockedFor(String key) {
		return keys(key).locks().remaining(key);
	}

	/**
	 * Counts a failure; returns the lock it caused, if this failure reached the limit.
	 */
	Optional<Duration> fail(String key) {
		Keys keys = keys(key);
		if (keys.failures().increment(key) < this.max) {
			return Optional.empty();
		}
		keys.locks().lock(key, this.lockout);
		keys.failures().reset(key);
		return Optional.of(this.lockout);
	}

	void reset(String key) {
		Keys keys = keys(key);
		keys.failures().reset(key);
		keys.locks().unlock(key);
	}

	private Keys keys(String key) {
		return key.startsWith(UNKNOWN_NAMES) ? this.unknown : this.known;
	}

	/**
	 * Where one kind of key is counted and locked.
	 *
	 * @param failures the failures in the window
	 * @param locks the locks
	 */
	record Keys(WindowedCounters failures, Locks locks) {
	}

}
