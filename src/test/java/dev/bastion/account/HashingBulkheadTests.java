package dev.bastion.account;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

class HashingBulkheadTests {

	@Test
	void lanesTakeAtMostAQuarterOfTheHeapHoweverManyCoresTheMachineHas() {
		long mib = 1024 * 1024;
		assertSlots(HashingBulkhead.sized(16, 185 * mib, Duration.ofSeconds(1)), 1, 1);
		assertSlots(HashingBulkhead.sized(2, 185 * mib, Duration.ofSeconds(1)), 1, 1);
		assertSlots(HashingBulkhead.sized(4, 512 * mib, Duration.ofSeconds(1)), 3, 3);
		assertSlots(HashingBulkhead.sized(16, 4096 * mib, Duration.ofSeconds(1)), 15, 16);
		assertSlots(HashingBulkhead.sized(1, 64 * mib, Duration.ofSeconds(1)), 1, 1);
	}

	private static void assertSlots(HashingBulkhead bulkhead, int unknownClients, int knownDevices) {
		try (bulkhead) {
			assertThat(bulkhead.unknownClientSlots()).isEqualTo(unknownClients);
			assertThat(bulkhead.knownDeviceSlots()).isEqualTo(knownDevices);
		}
	}

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
	void eachLaneHashesOnThreadsOfItsOwnTheUnknownClientsAtTheLowestPriority() throws Exception {
		try (HashingBulkhead bulkhead = new HashingBulkhead(1, 1, Duration.ofSeconds(1))) {
			String callers = "at nice " + niceValueOfThisThread();
			assertThat(fromVirtualThread(() -> bulkhead.run(false, HashingBulkheadTests::thisThread)))
				.isEqualTo("hash-unknown-1 at nice 19");
			assertThat(fromVirtualThread(() -> bulkhead.run(true, HashingBulkheadTests::thisThread)))
				.isEqualTo("hash-known-1 " + callers);
		}
	}

	/**
	 * Waking the caller when every carrier is busy starts a new carrier, which must not
	 * inherit the unknown clients' low priority from the thread that woke it. Run in a
	 * JVM of its own, whose scheduler has not started its carriers yet.
	 */
	@Test
	@EnabledOnOs(OS.LINUX)
	void noOtherThreadInheritsTheLowestPriority(@TempDir Path dir) throws Exception {
		Path output = dir.resolve("probe.txt");
		Process probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"--enable-native-access=ALL-UNNAMED", "-Djdk.virtualThreadScheduler.parallelism=2", "-cp",
				System.getProperty("java.class.path"), LowPriorityProbe.class.getName())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		if (!probe.waitFor(60, TimeUnit.SECONDS)) {
			probe.destroyForcibly();
		}
		String printed = Files.readString(output);
		assertThat(probe.exitValue()).as(printed).isZero();
		assumeThat(printed).as("the tests already run at the lowest priority").doesNotContain("main at nice 19");
		assertThat(printed.lines().filter((line) -> line.startsWith("at nice 19: "))).as(printed)
			.isNotEmpty()
			.allMatch((line) -> line.startsWith("at nice 19: hash-unknown-"));
	}

	/**
	 * Prints the threads at nice 19 after a hash woke its caller while every carrier was
	 * busy.
	 */
	static final class LowPriorityProbe {

		public static void main(String[] args) throws Exception {
			try (HashingBulkhead bulkhead = new HashingBulkhead(1, 1, Duration.ofSeconds(5))) {
				CountDownLatch hashing = new CountDownLatch(1);
				CountDownLatch finish = new CountDownLatch(1);
				Thread caller = Thread.ofVirtual().start(() -> bulkhead.run(false, () -> {
					hashing.countDown();
					return awaitQuietly(finish);
				}));
				hashing.await();
				while (caller.getState() != Thread.State.WAITING) {
					Thread.sleep(1);
				}
				// The idle carrier takes the spinner; waking the caller needs a new one.
				AtomicBoolean spin = new AtomicBoolean(true);
				Thread spinner = Thread.ofVirtual().start(() -> {
					while (spin.get()) {
						Thread.onSpinWait();
					}
				});
				Thread.sleep(100);
				finish.countDown();
				caller.join();
				spin.set(false);
				spinner.join();
				System.out.println(thisThread());
				threadsAtTheLowestPriority().forEach((name) -> System.out.println("at nice 19: " + name));
			}
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

	private static String fromVirtualThread(Callable<String> task) throws Exception {
		try (ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
			return virtual.submit(task).get();
		}
	}

	private static String thisThread() {
		return Thread.currentThread().getName() + " at nice " + niceValueOfThisThread();
	}

	private static boolean awaitQuietly(CountDownLatch latch) {
		try {
			return latch.await(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The names of this process's threads that run at nice 19, as Linux has them. */
	private static List<String> threadsAtTheLowestPriority() throws IOException {
		List<String> names = new ArrayList<>();
		try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
			for (Path task : tasks) {
				try {
					if (niceValue(Files.readString(task.resolve("stat"))) == 19) {
						names.add(Files.readString(task.resolve("comm")).strip());
					}
				}
				catch (NoSuchFileException ex) {
					// the thread ended while we looked
				}
			}
		}
		return names;
	}

	/** The nice value Linux gives the calling thread (the 19th field of its stat). */
	private static int niceValueOfThisThread() {
		try {
			return niceValue(Files.readString(Path.of("/proc/thread-self/stat")));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int niceValue(String stat) {
		return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
	}

	private static long waitingThreads(List<Thread> threads) {
		return threads.stream()
			.filter((thread) -> thread.getState() == Thread.State.WAITING
					|| thread.getState() == Thread.State.TIMED_WAITING)
			.count();
	}

}
