package dev.bastion.auth;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;

/**
 * Password hashing is the one expensive thing an anonymous caller can make Bastion do.
 * Logins from clients without a device token share a few hashing slots (by default all
 * cores but one) and wait at most a moment for one, then get a 503 (at once when a few
 * are already waiting for each slot); clients that logged in before get their own lane. A
 * flood of guesses from many addresses therefore cannot starve a returning user's login,
 * nor the rest of the service.
 */
final class HashingBulkhead {

	private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

	/** How many logins may wait per hashing slot before more are refused at once. */
	private static final int WAITING_PER_SLOT = 4;

	private final Semaphore unknownClients;

	private final Semaphore knownDevices;

	private final long waitNanos;

	private final int maxWaiting;

	HashingBulkhead(int unknownClientSlots, int knownDeviceSlots, Duration wait) {
		this.unknownClients = new Semaphore(unknownClientSlots, true);
		this.knownDevices = new Semaphore(knownDeviceSlots, true);
		this.waitNanos = wait.toNanos();
		this.maxWaiting = WAITING_PER_SLOT * Math.max(unknownClientSlots, knownDeviceSlots);
	}

	static HashingBulkhead forThisMachine(Duration wait) {
		int cores = Runtime.getRuntime().availableProcessors();
		return new HashingBulkhead(Math.max(1, cores - 1), cores, wait);
	}

	<T> T run(boolean knownDevice, Supplier<T> hashing) {
		Semaphore lane = knownDevice ? this.knownDevices : this.unknownClients;
		boolean acquired;
		try {
			// A flood is shed at once rather than queued: a request that would wait
			// behind
			// more than a few others would time out anyway, and waiting costs memory and
			// connections.
			acquired = (lane.getQueueLength() < this.maxWaiting)
					&& lane.tryAcquire(this.waitNanos, TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			acquired = false;
		}
		if (!acquired) {
			throw new BastionException(ErrorCode.SERVICE_UNAVAILABLE, "Too many logins at once; try again in a moment.",
					RETRY_AFTER);
		}
		try {
			return hashing.get();
		}
		finally {
			lane.release();
		}
	}

}
