package dev.bastion.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The system clock that a test can move forward: time still passes as it does for
 * everything else in the JVM, so only the jump is simulated. For a {@code Clock} bean
 * override ({@code @TestBean(name = "clock")} on a field of type {@code Clock}), instead
 * of sleeping through a timeout.
 */
public final class TestClock extends Clock {

	private final AtomicReference<Duration> ahead;

	private final ZoneId zone;

	public TestClock() {
		this(new AtomicReference<>(Duration.ZERO), ZoneOffset.UTC);
	}

	private TestClock(AtomicReference<Duration> ahead, ZoneId zone) {
		this.ahead = ahead;
		this.zone = zone;
	}

	/** Moves this clock (and every clock made from it by {@link #withZone}) forward. */
	public void advance(Duration duration) {
		if (duration.isNegative()) {
			throw new IllegalArgumentException("a clock only moves forward");
		}
		this.ahead.accumulateAndGet(duration, Duration::plus);
	}

	@Override
	public Instant instant() {
		return Instant.now().plus(this.ahead.get());
	}

	@Override
	public ZoneId getZone() {
		return this.zone;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return new TestClock(this.ahead, zone);
	}

}
