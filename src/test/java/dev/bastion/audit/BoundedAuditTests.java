package dev.bastion.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class BoundedAuditTests {

	private final List<Object> published = new ArrayList<>();

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T03:00:00Z"));

	private final BoundedAudit audit = new BoundedAudit(this.published::add, this.clock);

	@Test
	void repeatFromOneClientWithinAMinuteIsAuditedOnce() {
		for (int i = 0; i < 50; i++) {
			this.audit.report(new Refused("a"), "198.51.100.7");
		}
		assertThat(this.published).hasSize(1);
	}

	@Test
	void floodFromManyClientsIsCappedPerKindAndMinuteAndTheCapIsLoggedOnce(CapturedOutput output) {
		for (int i = 0; i < 3 * BoundedAudit.MAX_PER_MINUTE; i++) {
			this.audit.report(new Refused("client-" + i), "client-" + i);
		}
		assertThat(this.published).hasSize(BoundedAudit.MAX_PER_MINUTE);
		assertThat(output.getAll().split("the most in a minute", -1)).as("logged once").hasSize(2);
		assertThat(output.getAll()).contains("100 REFUSED events audited this minute");
		assertThat(this.audit.report(new Signalled(), "client-0")).as("another kind has its own bound").isTrue();
	}

	@Test
	void nextMinuteAuditsAgain() {
		for (int i = 0; i < 2 * BoundedAudit.MAX_PER_MINUTE; i++) {
			this.audit.report(new Refused("client-" + i), "client-" + i);
		}
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.audit.report(new Refused("someone-new"), "someone-new")).isTrue();
		assertThat(this.published).hasSize(BoundedAudit.MAX_PER_MINUTE + 1);
	}

	private record Refused(String client) implements SecurityEvent {

		@Override
		public Severity severity() {
			return Severity.INFO;
		}

	}

	private record Signalled() implements SecurityEvent {

		@Override
		public Severity severity() {
			return Severity.WARNING;
		}

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
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

}
