package dev.bastion.sharedstate;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.awaitility.core.ThrowingRunnable;

/**
 * How a contract test lets time pass: in memory a test clock moves on at once; Redis
 * keeps its own time, so there the assertion is polled until it holds, within a deadline.
 */
abstract class Time {

	private static final Duration SLACK = Duration.ofSeconds(3);

	/** Checks {@code assertion} once {@code elapsed} has passed. */
	abstract void after(Duration elapsed, ThrowingRunnable assertion);

	/**
	 * Checks {@code assertion} about a change made through another instance: at once in
	 * memory; in Redis once the change has reached this instance's copies.
	 */
	abstract void eventually(ThrowingRunnable assertion);

	static Time of(TestClock clock) {
		return new Time() {
			@Override
			void after(Duration elapsed, ThrowingRunnable assertion) {
				// Passed, not reached: an event exactly a window old is still in it.
				clock.advance(elapsed.plusMillis(1));
				run(assertion);
			}

			@Override
			void eventually(ThrowingRunnable assertion) {
				run(assertion);
			}
		};
	}

	static Time ofRedis() {
		return new Time() {
			@Override
			void after(Duration elapsed, ThrowingRunnable assertion) {
				Awaitility.await()
					.atMost(elapsed.plus(SLACK))
					.pollInterval(Duration.ofMillis(20))
					.untilAsserted(assertion);
			}

			@Override
			void eventually(ThrowingRunnable assertion) {
				Awaitility.await().atMost(SLACK).pollInterval(Duration.ofMillis(5)).untilAsserted(assertion);
			}
		};
	}

	private static void run(ThrowingRunnable assertion) {
		try {
			assertion.run();
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new AssertionError(ex);
		}
	}

}
