package dev.bastion.sharedstate;

import java.util.List;
import java.util.function.Supplier;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;

/**
 * Token buckets per key (Bucket4j): in memory, or in Redis where one limit holds for
 * every instance together. Taking a token costs a lookup and an atomic update here, one
 * round trip to Redis there, for all the buckets taken in one call.
 */
public interface TokenBuckets {

	/**
	 * Takes one token from the bucket of each key; the outcomes in the order of the keys.
	 * @param limits the limits of a bucket not seen before (asked for only then)
	 */
	List<Taken> take(Supplier<BucketConfiguration> limits, String... keys);

	/**
	 * Returns a token taken for a request that was not served after all, to the bucket it
	 * came from. Best effort: when that bucket cannot be reached, the token stays taken
	 * until the bucket refills.
	 */
	void giveBack(Taken taken);

	/**
	 * Whether the buckets live outside this process, where taking several in one call
	 * saves a round trip each.
	 */
	boolean remote();

	/**
	 * A token taken (or refused) from the bucket {@code key}; {@code remote} when that
	 * bucket lives outside this process.
	 */
	record Taken(String key, Supplier<BucketConfiguration> limits, ConsumptionProbe probe, boolean remote) {
	}

}
