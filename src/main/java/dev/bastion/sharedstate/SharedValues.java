package dev.bastion.sharedstate;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Values read on every request and rarely changed (revocations, bans, the emergency
 * switch). A change is seen by every instance at once, its writer included, and a read
 * costs no round trip: with Redis, reads are answered from copies Redis keeps current.
 */
public interface SharedValues {

	/** The value of {@code key}, or null; an empty key names the namespace itself. */
	@Nullable String get(String key);

	/** The values of {@code keys} in order, null where a key is absent; in one read. */
	List<@Nullable String> get(List<String> keys);

	/**
	 * Sets a value that every instance sees from its next read on.
	 * @param ttl how long the value lives, or null for until it is removed; a value whose
	 * time to live is not positive is gone at once
	 */
	void put(String key, String value, @Nullable Duration ttl);

	/** Removes a value; whether there was one. */
	boolean remove(String key);

	/** Every value of the namespace, by key. */
	Map<String, String> all();

}
