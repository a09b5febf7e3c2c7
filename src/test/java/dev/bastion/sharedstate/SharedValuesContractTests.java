package dev.bastion.sharedstate;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract of {@link SharedValues}, in memory and in Redis. */
class SharedValuesContractTests {

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

		static final Duration SHORT = Duration.ofMillis(300);

		/** This instance's values. */
		SharedValues values;

		/** Another instance's view of the same values (in memory: this instance's). */
		SharedValues elsewhere;

		/** Values of another namespace. */
		SharedValues otherNamespace;

		Time time;

		@Test
		void anAbsentKeyIsNullAndManyKeysAreAnsweredInOrder() {
			this.values.put("b", "two", null);
			assertThat(this.values.get("a")).isNull();
			assertThat(this.values.get(List.of("a", "b", "c"))).containsExactly(null, "two", null);
		}

		@Test
		void aValueIsSeenByItsWriterAtOnceAndByEveryOtherInstance() {
			assertThat(this.values.get("flag")).isNull();
			assertThat(this.elsewhere.get("flag")).isNull();
			this.values.put("flag", "on", null);
			assertThat(this.values.get("flag")).isEqualTo("on");
			this.time.eventually(() -> assertThat(this.elsewhere.get("flag")).isEqualTo("on"));
			this.elsewhere.put("flag", "off", null);
			this.time.eventually(() -> assertThat(this.values.get("flag")).isEqualTo("off"));
		}

		@Test
		void anEmptyKeyNamesTheNamespaceItself() {
			this.values.put("", "42", null);
			assertThat(this.values.get("")).isEqualTo("42");
			assertThat(this.values.remove("")).isTrue();
			assertThat(this.values.get("")).isNull();
		}

		@Test
		void removingTellsWhetherThereWasAValueAndIsSeenEverywhere() {
			this.values.put("ban", "until", Duration.ofHours(1));
			this.time.eventually(() -> assertThat(this.elsewhere.get("ban")).isEqualTo("until"));
			assertThat(this.elsewhere.remove("ban")).isTrue();
			assertThat(this.elsewhere.remove("ban")).isFalse();
			this.time.eventually(() -> assertThat(this.values.get("ban")).isNull());
		}

		@Test
		void aValueWithATimeToLiveIsGoneOnceItRanOut() {
			this.values.put("short", "lived", SHORT);
			this.values.put("long", "lived", Duration.ofHours(1));
			assertThat(this.values.get("short")).isEqualTo("lived");
			this.time.after(SHORT, () -> assertThat(this.values.get("short")).isNull());
			assertThat(this.values.get("long")).isEqualTo("lived");
		}

		@Test
		void aValueWhoseTimeToLiveIsNotPositiveIsGoneAtOnce() {
			this.values.put("stale", "old", null);
			this.values.put("stale", "new", Duration.ZERO);
			this.values.put("never", "seen", Duration.ofSeconds(-1));
			assertThat(this.values.get(List.of("stale", "never"))).containsExactly(null, null);
		}

		@Test
		void allListsTheLiveValuesOfTheNamespaceOnly() {
			this.values.put("x1", "a", null);
			this.values.put("x2", "b", Duration.ofHours(1));
			this.values.put("gone", "c", SHORT);
			this.otherNamespace.put("y", "d", null);
			this.time.after(SHORT, () -> assertThat(this.values.all())
				.containsExactlyInAnyOrderEntriesOf(Map.of("x1", "a", "x2", "b")));
		}

		@Test
		void keysWithPatternCharactersAreKeysLikeAnyOther() {
			for (String key : Arrays.asList("a*", "a?", "[a]", "a\\b")) {
				this.values.put(key, key, null);
			}
			this.values.put("ab", "plain", null);
			assertThat(this.values.all()).hasSize(5).containsEntry("a*", "a*").containsEntry("ab", "plain");
		}

	}

	@Nested
	class InMemory extends Contract {

		@BeforeEach
		void create() {
			TestClock clock = new TestClock();
			LocalState state = new LocalState(clock);
			this.values = state.values("ns:");
			this.elsewhere = this.values;
			this.otherNamespace = state.values("other:");
			this.time = Time.of(clock);
		}

	}

	@Nested
	class InRedis extends Contract {

		@BeforeEach
		void create() {
			String namespace = TestRedis.namespace();
			this.values = here.values(namespace);
			this.elsewhere = there.values(namespace);
			this.otherNamespace = here.values(TestRedis.namespace());
			this.time = Time.ofRedis();
		}

	}

}
