package dev.bastion.sharedstate;

import java.util.Optional;

/**
 * Text entries that expire a fixed time after they were put, at most a fixed number of
 * them, and removable by key prefix, so that the entries of one owner can be dropped
 * together when their keys start with the owner's tag. Best effort throughout: a failure
 * of the store is a miss or a lost entry, never a refused request.
 */
public interface ExpiringCache {

	Optional<String> get(String key);

	void put(String key, String value);

	/** Drops every entry whose key starts with {@code prefix}. */
	void removeStartingWith(String prefix);

	/** How many entries there are. */
	long size();

}
