package dev.bastion.sharedstate;

import java.time.Duration;
import java.util.Optional;

/** Locks per key that run out by themselves (an account locked after failed logins). */
public interface Locks {

	/** How much longer the key is locked, if it is. */
	Optional<Duration> remaining(String key);

	/** Locks the key for {@code duration} from now, replacing any lock it had. */
	void lock(String key, Duration duration);

	/**
	 * Lifts the key's lock. Best effort: while the store is unreachable the lock stays
	 * until it runs out, rather than the request being refused.
	 */
	void unlock(String key);

}
