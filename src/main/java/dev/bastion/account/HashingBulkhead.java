package dev.bastion.account;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;

/**
 * Password work (argon2id hashes, and the strength estimate of a new password, which can
 * cost more than a hash) is the one expensive thing an anonymous caller can make Bastion
 * do, so all of it runs here. Logins from clients without a device token, registrations,
 * password changes and resets, and every re-authentication share a few slots (all cores
 * but one, fewer when the heap is small: see {@link #sized}) and wait at most a moment
 * for one, then get a 503 (at once when a few are already waiting for each slot); logins
 * from clients that logged in before get their own lane.
 * <p>
 * Each lane hashes on platform threads of its own, never on the carriers of the virtual
 * threads that serve requests, which a hash would hold for its whole 25 ms. The unknown
 * clients' threads run at the lowest priority the operating system has (see
 * {@link LowPriorityThreads}): they get little more than the time nothing else wants. A
 * flood of guesses from many addresses therefore cannot starve a returning user's login,
 * nor the rest of the service.
 */
final class HashingBulkhead implements AutoCloseable {

	private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

	/** How many callers may wait per hashing slot before more are refused at once. */
	private static final int WAITING_PER_SLOT = 4;

	private final int unknownClientSlots;

	private final int knownDeviceSlots;

	/** Work done in each lane (unknown clients, known devices), and work refused. */
	private final LongAdder[] done = { new LongAdder(), new LongAdder() };

	private final LongAdder[] refused = { new LongAdder(), new LongAdder() };

	private final Semaphore unknownClients;

	private final Semaphore knownDevices;

	private final ExecutorService unknownClientThreads;

	private final ExecutorService knownDeviceThreads;

	/** Hands finished hashes back to their callers (see {@link #run}). */
	private final ExecutorService relay;

	private final long waitNanos;

	private final int maxWaiting;

	HashingBulkhead(int unknownClientSlots, int knownDeviceSlots, Duration wait) {
		this.unknownClientSlots = unknownClientSlots;
		this.knownDeviceSlots = knownDeviceSlots;
		this.unknownClients = new Semaphore(unknownClientSlots, true);
		this.knownDevices = new Semaphore(knownDeviceSlots, true);
		this.unknownClientThreads = started(unknownClientSlots, new LowPriorityThreads("hash-unknown-"));
		this.knownDeviceThreads = started(knownDeviceSlots, daemons("hash-known-"));
		this.relay = started(1, daemons("hash-relay-"));
		this.waitNanos = wait.toNanos();
		this.maxWaiting = WAITING_PER_SLOT * Math.max(unknownClientSlots, knownDeviceSlots);
	}

	static HashingBulkhead forThisMachine(Duration wait) {
		return sized(Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory(), wait);
	}

	/**
	 * All cores but one for unknown clients and every core for known devices, as far as
	 * the heap allows: each hash holds {@link Argon2id#HEAP_BYTES} for its whole run, and
	 * all the lanes' hashes together may take at most a quarter of the heap, however many
	 * cores the machine has. Without that bound a login flood on a machine with many
	 * cores and the image's {@code -Xmx192m} ran 31 hashes at once (600 MiB) and left the
	 * JVM in back-to-back full collections, answering nothing; with half the heap (two
	 * hashes per lane there) a flood on two cores still spent a sixth of its time in full
	 * collections (see docs/benchmarks.md, bench/login-attack.sh).
	 */
	static HashingBulkhead sized(int cores, long maxHeapBytes, Duration wait) {
		int fitInHeap = (int) Math.max(2, maxHeapBytes / 4 / Argon2id.HEAP_BYTES);
		int unknownClients = Math.max(1, Math.min(cores - 1, fitInHeap / 2));
		int knownDevices = Math.max(1, Math.min(cores, fitInHeap - unknownClients));
		return new HashingBulkhead(unknownClients, knownDevices, wait);
	}

	/**
	 * Runs {@code hashing} in the unknown clients' lane (see
	 * {@link #run(boolean, Supplier)}).
	 */
	<T> T run(Supplier<T> hashing) {
		return run(false, hashing);
	}

	/**
	 * Runs {@code hashing} in the caller's lane and waits for it; a 503 when the lane is
	 * full.
	 */
	<T> T run(boolean knownDevice, Supplier<T> hashing) {
		Semaphore lane = knownDevice ? this.knownDevices : this.unknownClients;
		int index = knownDevice ? 1 : 0;
		if (!enter(lane)) {
			this.refused[index].increment();
			throw new BastionException(ErrorCode.SERVICE_UNAVAILABLE,
					"Too many password checks at once; try again in a moment.", RETRY_AFTER);
		}
		this.done[index].increment();
		// Waking a virtual thread hands it to the scheduler, which may start a new
		// carrier from the waking thread, and on Linux the carrier inherits its nice
		// value. So hashing threads wake no one: the relay completes the caller's future
		// (whenCompleteAsync runs there on failure too) and the caller frees the slot.
		try {
			return CompletableFuture
				.supplyAsync(hashing, knownDevice ? this.knownDeviceThreads : this.unknownClientThreads)
				.whenCompleteAsync((result, failure) -> {
				}, this.relay)
				.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			if (ex.getCause() instanceof Error cause) {
				throw cause;
			}
			throw ex;
		}
		finally {
			lane.release();
		}
	}

	/**
	 * A flood is shed at once rather than queued: a request that would wait behind more
	 * than a few others would time out anyway, and waiting costs memory and connections.
	 */
	private boolean enter(Semaphore lane) {
		try {
			return (lane.getQueueLength() < this.maxWaiting) && lane.tryAcquire(this.waitNanos, TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** How many callers of the unknown clients' lane can be served at once. */
	int unknownClientSlots() {
		return this.unknownClientSlots;
	}

	/** How many callers of the known devices' lane can be served at once. */
	int knownDeviceSlots() {
		return this.knownDeviceSlots;
	}

	/**
	 * {@code bastion.password.hashing} (work let into a lane) and
	 * {@code bastion.password.hashing.refused} (503s), by {@code lane}.
	 */
	void bindTo(MeterRegistry registry) {
		String[] lanes = { "unknown-client", "known-device" };
		for (int i = 0; i < lanes.length; i++) {
			FunctionCounter.builder("bastion.password.hashing", this.done[i], LongAdder::sum)
				.description("Password hashes and checks let into a hashing lane")
				.tag("lane", lanes[i])
				.register(registry);
			FunctionCounter.builder("bastion.password.hashing.refused", this.refused[i], LongAdder::sum)
				.description("Password work refused with 503 because its hashing lane was full")
				.tag("lane", lanes[i])
				.register(registry);
		}
	}

	@Override
	public void close() {
		this.unknownClientThreads.close();
		this.knownDeviceThreads.close();
		this.relay.close();
	}

	/**
	 * A pool whose threads all start now, from the constructing thread: no request and no
	 * low-priority thread ever creates one. Its queue never makes a thread that adds a
	 * task wait, so its threads never wake one.
	 */
	private static ExecutorService started(int threads, ThreadFactory factory) {
		ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
				new LinkedTransferQueue<>(), factory);
		pool.prestartAllCoreThreads();
		return pool;
	}

	private static ThreadFactory daemons(String prefix) {
		return Thread.ofPlatform().daemon().name(prefix, 1).factory();
	}

}
