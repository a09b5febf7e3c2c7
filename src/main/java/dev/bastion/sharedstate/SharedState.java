package dev.bastion.sharedstate;

import java.time.Duration;

/**
 * Where the state several instances must share is kept: in this instance's memory, or in
 * Redis when {@code REDIS_URL} is set. Chosen once, at start-up; a feature asks for the
 * kind of state it needs under a namespace of its own, once, when it is wired, and never
 * learns which it got. With Redis, the failure policy applies to every operation.
 */
public interface SharedState {

	/**
	 * Whether this state is shared by every instance, so that a change made anywhere (the
	 * command line included) holds for all of them at once.
	 */
	boolean acrossInstances();

	/** {@code UP}, {@code DOWN} or {@code NOT_CONFIGURED}, for the health report. */
	String status();

	/**
	 * Values read on every request and rarely changed, seen by every instance at once.
	 * @param namespace the prefix of every key; conventionally ends with {@code :}
	 */
	SharedValues values(String namespace);

	/** Events counted per key within a window. */
	WindowedCounters counters(String namespace, Duration window);

	/** Locks per key that run out by themselves. */
	Locks locks(String namespace);

	/**
	 * Token buckets per key.
	 * @param keepIdle how long a bucket nobody used is kept: at least the longest refill
	 * period of any bucket, or a drained bucket would come back full
	 */
	TokenBuckets buckets(String namespace, Duration keepIdle);

	/** A best-effort cache whose entries expire {@code ttl} after they were put. */
	ExpiringCache cache(String namespace, Duration ttl, long maxEntries);

}
