package dev.bastion.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecuritySignalsTests {

	private final List<Object> published = new ArrayList<>();

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T03:00:00Z"));

	private final SecuritySignals signals = new SecuritySignals(this.published::add, this.clock);

	@Test
	void repeatFromOneClientWithinAMinuteIsAuditedOnce() {
		for (int i = 0; i < 50; i++) {
			this.signals.report(new CorsRejected("https://evil.example", "198.51.100.7"), "198.51.100.7");
		}
		assertThat(this.published).hasSize(1);
	}

	@Test
	void floodFromManyClientsIsCappedPerKindAndMinute() {
		for (int i = 0; i < 3 * SecuritySignals.MAX_PER_MINUTE; i++) {
			this.signals.report(new CspViolation("script-src-elem", "inline"), "client-" + i);
		}
		assertThat(this.published).hasSize(SecuritySignals.MAX_PER_MINUTE);
		this.signals.report(new CorsRejected("https://evil.example", "198.51.100.7"), "client-0");
		assertThat(this.published).as("another kind has its own bound").hasSize(SecuritySignals.MAX_PER_MINUTE + 1);
	}

	@Test
	void nextMinuteAuditsAgain() {
		for (int i = 0; i < 2 * SecuritySignals.MAX_PER_MINUTE; i++) {
			this.signals.report(new SuspiciousForwardedHeader("client-" + i), "client-" + i);
		}
		this.clock.advance(Duration.ofMinutes(1));
		this.signals.report(new SuspiciousForwardedHeader("someone-new"), "someone-new");
		assertThat(this.published).hasSize(SecuritySignals.MAX_PER_MINUTE + 1);
	}

	private static final class MutableClock extends Clock {

		private Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	}

}
