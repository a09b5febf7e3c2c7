package dev.bastion.sharedstate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/** {@link WindowedCounters} in this instance's memory, with sliding windows. */
final class LocalCounters implements WindowedCounters {

	/**
	 * About what one key holds with a few events in its window, measured (480–740 bytes):
	 * Caffeine's entry, a key of up to 70 characters ({@code login:} and a 64-digit keyed
	 * hash, or an address), two {@code ArrayDeque}s of 16 slots, the events' times and
	 * members. A window holds at most as many events as lock or ban its key.
	 */
	static final long ENTRY_BYTES = 768;

	static final long MAX_KEYS = HeapShare.maxEntries(ENTRY_BYTES);

	private final Duration window;

	private final Clock clock;

	private final Cache<String, Window> windows;

	LocalCounters(Duration window, Clock clock) {
		this.window = window;
		this.clock = clock;
		this.windows = Caffeine.newBuilder().maximumSize(MAX_KEYS).expireAfterAccess(window).build();
	}

	@Override
	public long increment(String key) {
		return count(key, "", false);
	}

	@Override
	public long addMember(String key, String member) {
		return count(key, member, true);
	}

	private long count(String key, String member, boolean distinct) {
		Window events = Objects.requireNonNull(this.windows.get(key, (ignored) -> new Window()));
		synchronized (events) {
			Instant now = this.clock.instant();
			events.add(now, member, now.minus(this.window));
			return distinct ? events.distinctMembers() : events.size();
		}
	}

	@Override
	public void reset(String... keys) {
		for (String key : keys) {
			this.windows.invalidate(key);
		}
	}

	/** The events of one key within the window, oldest first. */
	private static final class Window {

		private final Deque<Instant> times = new ArrayDeque<>();

		private final Deque<String> members = new ArrayDeque<>();

		void add(Instant now, String member, Instant oldest) {
			this.times.addLast(now);
			this.members.addLast(member);
			for (Instant first = this.times.peekFirst(); first != null
					&& first.isBefore(oldest); first = this.times.peekFirst()) {
				this.times.removeFirst();
				this.members.removeFirst();
			}
		}

		int size() {
			return this.times.size();
		}

		int distinctMembers() {
			Set<String> distinct = new HashSet<>(this.members);
			return distinct.size();
		}

	}

}
