package dev.bastion.sharedstate;

/**
 * How many entries a map of this instance's state may hold: as many as fit in a
 * thirty-second of the heap at the map's measured bytes per entry. Every map of the local
 * state (the whole state without Redis, the fallback copies with it) is one an attacker
 * with many addresses or login names can fill, so each is bounded by the heap rather than
 * by a count: at the old 1,000,000 entries of 250–750 bytes, one map could take 250–750
 * MB, far beyond the image's {@code -Xmx192m}. Seven such maps full at once take at most
 * about a fifth of the heap. An entry evicted early is a limit, counter, lock or ban that
 * starts over (Caffeine keeps the often-used ones).
 */
final class HeapShare {

	/** The part of the heap one map may take. */
	static final int FRACTION = 32;

	/** Never fewer, however small the heap: a map must still work. */
	static final long MIN_ENTRIES = 1_000;

	/** Never more, however large the heap: the bound before it was derived. */
	static final long MAX_ENTRIES = 1_000_000;

	private HeapShare() {
	}

	/** The bound for a map whose entries each hold about {@code bytesPerEntry}. */
	static long maxEntries(long bytesPerEntry) {
		return maxEntries(Runtime.getRuntime().maxMemory(), bytesPerEntry);
	}

	static long maxEntries(long maxHeapBytes, long bytesPerEntry) {
		return Math.clamp(maxHeapBytes / FRACTION / bytesPerEntry, MIN_ENTRIES, MAX_ENTRIES);
	}

}
