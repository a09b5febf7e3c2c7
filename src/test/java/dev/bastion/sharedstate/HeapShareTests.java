package dev.bastion.sharedstate;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/** How many entries each map of the local state may hold, by the heap. */
class HeapShareTests {

	private static final long IMAGE_HEAP = DataSize.ofMegabytes(192).toBytes();

	@Test
	void theImagesHeapThenEachMapTakesAThirtySecondOfIt() {
		assertThat(HeapShare.maxEntries(IMAGE_HEAP, LocalBuckets.ENTRY_BYTES)).isEqualTo(12_288);
		assertThat(HeapShare.maxEntries(IMAGE_HEAP, LocalCounters.ENTRY_BYTES)).isEqualTo(8_192);
		assertThat(HeapShare.maxEntries(IMAGE_HEAP, LocalValues.ENTRY_BYTES)).isEqualTo(24_576);
		assertThat(HeapShare.maxEntries(IMAGE_HEAP, LocalLocks.ENTRY_BYTES)).isEqualTo(24_576);
		for (long bytes : new long[] { LocalBuckets.ENTRY_BYTES, LocalCounters.ENTRY_BYTES, LocalValues.ENTRY_BYTES,
				LocalLocks.ENTRY_BYTES }) {
			assertThat(HeapShare.maxEntries(IMAGE_HEAP, bytes) * bytes).isLessThanOrEqualTo(IMAGE_HEAP / 32);
		}
	}

	@Test
	void aLargerHeapThenMoreEntriesUpToTheOldBound() {
		assertThat(HeapShare.maxEntries(DataSize.ofGigabytes(4).toBytes(), LocalCounters.ENTRY_BYTES))
			.isEqualTo(174_762);
		assertThat(HeapShare.maxEntries(DataSize.ofGigabytes(64).toBytes(), LocalValues.ENTRY_BYTES))
			.isEqualTo(HeapShare.MAX_ENTRIES);
	}

	@Test
	void aTinyHeapThenStillAThousand() {
		assertThat(HeapShare.maxEntries(DataSize.ofMegabytes(16).toBytes(), LocalCounters.ENTRY_BYTES))
			.isEqualTo(HeapShare.MIN_ENTRIES);
	}

	@Test
	void theMapsOfThisJvmAreSizedByItsHeap() {
		long heap = Runtime.getRuntime().maxMemory();
		assertThat(LocalBuckets.MAX_BUCKETS).isEqualTo(HeapShare.maxEntries(heap, LocalBuckets.ENTRY_BYTES));
		assertThat(LocalCounters.MAX_KEYS).isEqualTo(HeapShare.maxEntries(heap, LocalCounters.ENTRY_BYTES));
		assertThat(LocalValues.MAX_KEYS).isEqualTo(HeapShare.maxEntries(heap, LocalValues.ENTRY_BYTES));
		assertThat(LocalLocks.MAX_KEYS).isEqualTo(HeapShare.maxEntries(heap, LocalLocks.ENTRY_BYTES));
	}

}
