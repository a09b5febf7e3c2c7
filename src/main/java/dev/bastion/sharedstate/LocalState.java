package dev.bastion.sharedstate;

import java.time.Clock;
import java.time.Duration;

/** Without {@code REDIS_URL}: every kind of state in this instance's memory. */
final class LocalState implements SharedState {

	private final Clock clock;

	LocalState(Clock clock) {
		this.clock = clock;
	}

	@Override
	public boolean acrossInstances() {
		return false;
	}

	@Override
	public String status() {
		return "NOT_CONFIGURED";
	}

	@Override
	public SharedValues values(String namespace) {
		return new LocalValues(this.clock);
	}

	@Override
	public WindowedCounters counters(String namespace, Duration window) {
		return new LocalCounters(window, this.clock);
	}

	@Override
	public Locks locks(String namespace) {
		return new LocalLocks(this.clock);
	}

	@Override
	public TokenBuckets buckets(String namespace, Duration keepIdle) {
		return new LocalBuckets(keepIdle);
	}

	@Override
	public ExpiringCache cache(String namespace, Duration ttl, long maxEntries) {
		return new LocalCache(ttl, maxEntries, this.clock);
	}

}
