package dev.bastion.sharedstate;

/**
 * Events counted per key within a window (failed logins per account or address): in
 * memory the window slides, in Redis it is fixed and starts with a key's first event.
 */
public interface WindowedCounters {

	/** Counts an event; how many the key's window now holds, this one included. */
	long increment(String key);

	/**
	 * Counts an event of {@code member}; how many distinct members the key's window now
	 * holds, this one included.
	 */
	long addMember(String key, String member);

	/**
	 * Forgets the keys' events. Best effort: while the store is unreachable they stay
	 * until their window runs out, rather than the request being refused.
	 */
	void reset(String... keys);

}
