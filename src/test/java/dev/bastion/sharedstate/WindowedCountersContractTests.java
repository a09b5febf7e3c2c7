package dev.bastion.sharedstate;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract of {@link WindowedCounters}, in memory and in Redis. */
class WindowedCountersContractTests {

	static final Duration LONG = Duration.ofHours(1);

	static final Duration SHORT = Duration.ofMillis(300);

	static TestRedis redis;

	static RedisState here;

	static RedisState there;

	@BeforeAll
	static void startRedis() throws IOException {
		redis = TestRedis.start();
		here = redis.instance(false);
		there = redis.instance(false);
	}

	@AfterAll
	static void stopRedis() throws IOException {
		redis.close();
	}

	abstract static class Contract {

		/** This instance's counters, with a window of an hour. */
		WindowedCounters counters;

		/** Another instance's view of the same counters (in memory: this instance's). */
		WindowedCounters elsewhere;

		/** Counters with a window of {@link #SHORT}. */
		WindowedCounters brief;

		Time time;

		@Test
		void eachKeyCountsItsOwnEvents() {
			assertThat(this.counters.increment("a")).isEqualTo(1);
			assertThat(this.counters.increment("a")).isEqualTo(2);
			assertThat(this.counters.increment("b")).isEqualTo(1);
			assertThat(this.counters.increment("a")).isEqualTo(3);
		}

		@Test
		void membersAreCountedOnceEach() {
			assertThat(this.counters.addMember("address", "alice")).isEqualTo(1);
			assertThat(this.counters.addMember("address", "bob")).isEqualTo(2);
			assertThat(this.counters.addMember("address", "alice")).isEqualTo(2);
			assertThat(this.counters.addMember("other", "alice")).isEqualTo(1);
		}

		@Test
		void everyInstanceCountsIntoTheSameWindow() {
			assertThat(this.counters.increment("shared")).isEqualTo(1);
			assertThat(this.elsewhere.increment("shared")).isEqualTo(2);
			assertThat(this.counters.addMember("names", "alice")).isEqualTo(1);
			assertThat(this.elsewhere.addMember("names", "bob")).isEqualTo(2);
		}

		@Test
		void resetForgetsTheEventsOfEveryKeyNamed() {
			this.counters.increment("n");
			this.counters.increment("n");
			this.counters.addMember("u", "alice");
			this.counters.increment("kept");
			this.counters.reset("n", "u");
			assertThat(this.counters.increment("n")).isEqualTo(1);
			assertThat(this.counters.addMember("u", "bob")).isEqualTo(1);
			assertThat(this.counters.increment("kept")).isEqualTo(2);
		}

		@Test
		void eventsOlderThanTheWindowAreNotCounted() {
			assertThat(this.brief.increment("key")).isEqualTo(1);
			assertThat(this.brief.addMember("names", "alice")).isEqualTo(1);
			this.time.after(SHORT, () -> assertThat(this.brief.increment("key")).isEqualTo(1));
			this.time.after(Duration.ZERO, () -> assertThat(this.brief.addMember("names", "bob")).isEqualTo(1));
		}

	}

	@Nested
	class InMemory extends Contract {

		@BeforeEach
		void create() {
			TestClock clock = new TestClock();
			LocalState state = new LocalState(clock);
			this.counters = state.counters("ns:", LONG);
			this.elsewhere = this.counters;
			this.brief = state.counters("brief:", SHORT);
			this.time = Time.of(clock);
		}

		/** Here the window slides: each event leaves it on its own. */
		@Test
		void theWindowSlides() {
			TestClock clock = new TestClock();
			WindowedCounters counters = new LocalState(clock).counters("ns:", Duration.ofMinutes(10));
			counters.increment("key");
			clock.advance(Duration.ofMinutes(6));
			counters.increment("key");
			clock.advance(Duration.ofMinutes(5));
			assertThat(counters.increment("key")).isEqualTo(2);
		}

	}

	@Nested
	class InRedis extends Contract {

		@BeforeEach
		void create() {
			String namespace = TestRedis.namespace();
			this.counters = here.counters(namespace, LONG);
			this.elsewhere = there.counters(namespace, LONG);
			this.brief = here.counters(TestRedis.namespace(), SHORT);
			this.time = Time.ofRedis();
		}

	}

}
