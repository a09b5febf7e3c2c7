package dev.bastion.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class HashingBulkheadTests {

	@Test
	void whenUnknownClientsFillTheirSlotsTheyGet503ButKnownDevicesStillLogIn() throws Exception {
		HashingBulkhead bulkhead = new HashingBulkhead(1, 1, Duration.ofMillis(100));
		CountDownLatch hashing = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Thread flood = Thread.ofVirtual().start(() -> bulkhead.run(false, () -> {
			hashing.countDown();
			try {
				return release.await(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		}));
		assertThat(hashing.await(5, TimeUnit.SECONDS)).isTrue();
		assertThatExceptionOfType(BastionException.class).isThrownBy(() -> bulkhead.run(false, () -> true))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE));
		assertThat(bulkhead.run(true, () -> "known device")).isEqualTo("known device");
		release.countDown();
		flood.join();
		assertThat(bulkhead.run(false, () -> "free again")).isEqualTo("free again");
	}

	@Test
	void whenAFewAlreadyWaitForEachSlotMoreAreRefusedAtOnce() throws Exception {
		HashingBulkhead bulkhead = new HashingBulkhead(1, 1, Duration.ofSeconds(10));
		CountDownLatch release = new CountDownLatch(1);
		List<Thread> waiting = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			waiting.add(Thread.ofVirtual().start(() -> bulkhead.run(false, () -> {
				try {
					return release.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					throw new IllegalStateException(ex);
				}
			})));
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (waitingThreads(waiting) < 5 && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		long start = System.nanoTime();
		assertThatExceptionOfType(BastionException.class).isThrownBy(() -> bulkhead.run(false, () -> true))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("refused without waiting")
			.isLessThan(Duration.ofSeconds(5));
		release.countDown();
		for (Thread thread : waiting) {
			thread.join();
		}
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void unknownClientsAreHashedAtTheLowestPriorityKnownDevicesAtTheCallersAndNeitherOnACarrier() {
		try (HashingBulkhead bulkhead = new HashingBulkhead(1, 1, Duration.ofSeconds(1))) {
			int callers = niceValueOfThisThread();
			assertThat(bulkhead.run(false, HashingBulkheadTests::niceValueOfThisThread)).isEqualTo(19);
			assertThat(bulkhead.run(true, HashingBulkheadTests::niceValueOfThisThread)).isEqualTo(callers);
			assertThat(bulkhead.run(false, () -> Thread.currentThread().isVirtual())).isFalse();
			assertThat(bulkhead.run(true, () -> Thread.currentThread().isVirtual())).isFalse();
		}
	}

	@Test
	void aFailingHashThrowsItsOwnExceptionAndGivesItsSlotBack() {
		try (HashingBulkhead bulkhead = new HashingBulkhead(1, 1, Duration.ofMillis(100))) {
			assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> bulkhead.run(false, () -> {
				throw new IllegalArgumentException("malformed hash");
			})).withMessage("malformed hash");
			assertThat(bulkhead.run(false, () -> "free again")).isEqualTo("free again");
		}
	}

	/** The nice value Linux gives the calling thread (the 19th field of its stat). */
	private static int niceValueOfThisThread() {
		try {
			String stat = Files.readString(Path.of("/proc/thread-self/stat"));
			return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static long waitingThreads(List<Thread> threads) {
		return threads.stream()
			.filter((thread) -> thread.getState() == Thread.State.WAITING
					|| thread.getState() == Thread.State.TIMED_WAITING)
			.count();
	}

}
