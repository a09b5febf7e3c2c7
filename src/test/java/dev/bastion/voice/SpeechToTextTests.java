package dev.bastion.voice;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/** How many transcriptions, each holding its recording on the heap, may run at once. */
class SpeechToTextTests {

	private static final long TEN_MB = DataSize.ofMegabytes(10).toBytes();

	@Test
	void theImagesHeapWithTheDefaultLargestRecordingThenTwoAtOnce() {
		assertThat(SpeechToText.concurrentTranscriptions(DataSize.ofMegabytes(192).toBytes(), TEN_MB)).isEqualTo(2);
	}

	@Test
	void aLargerHeapThenMoreAndNeverMoreThanAnEighthOfIt() {
		long heap = DataSize.ofGigabytes(4).toBytes();
		int concurrent = SpeechToText.concurrentTranscriptions(heap, TEN_MB);
		assertThat(concurrent).isEqualTo(51);
		assertThat(concurrent * TEN_MB).isLessThanOrEqualTo(heap / 8);
	}

	@Test
	void aHeapTooSmallForEvenOneThenStillOne() {
		assertThat(SpeechToText.concurrentTranscriptions(DataSize.ofMegabytes(32).toBytes(), TEN_MB)).isEqualTo(1);
		assertThat(SpeechToText.concurrentTranscriptions(DataSize.ofMegabytes(32).toBytes(), 0)).isPositive();
	}

}
