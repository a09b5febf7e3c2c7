package dev.bastion.sharedstate;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.bastion.sharedstate.TokenBuckets.Taken;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract of {@link TokenBuckets}, in memory and in Redis. */
class TokenBucketsContractTests {

	/** Three tokens an hour: nothing refills while a test runs. */
	static final Supplier<BucketConfiguration> THREE_AN_HOUR = () -> BucketConfiguration.builder()
		.addLimit(Bandwidth.builder().capacity(3).refillGreedy(3, Duration.ofHours(1)).build())
		.build();

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

	static boolean takeOne(TokenBuckets buckets, String key) {
		return buckets.take(THREE_AN_HOUR, key).getFirst().probe().isConsumed();
	}

	abstract static class Contract {

		TokenBuckets buckets;

		/** Another instance's view of the same buckets (in memory: this instance's). */
		TokenBuckets elsewhere;

		@Test
		void aBucketAdmitsItsCapacityThenRefusesAndSaysWhenToComeBack() {
			for (long left = 2; left >= 0; left--) {
				Taken taken = this.buckets.take(THREE_AN_HOUR, "caller").getFirst();
				assertThat(taken.probe().isConsumed()).isTrue();
				assertThat(taken.probe().getRemainingTokens()).isEqualTo(left);
			}
			Taken refused = this.buckets.take(THREE_AN_HOUR, "caller").getFirst();
			assertThat(refused.probe().isConsumed()).isFalse();
			assertThat(Duration.ofNanos(refused.probe().getNanosToWaitForRefill()))
				.isGreaterThan(Duration.ofMinutes(19))
				.isLessThanOrEqualTo(Duration.ofMinutes(20));
		}

		@Test
		void eachKeyHasItsOwnBucket() {
			for (int i = 0; i < 3; i++) {
				takeOne(this.buckets, "drained");
			}
			assertThat(takeOne(this.buckets, "drained")).isFalse();
			assertThat(takeOne(this.buckets, "fresh")).isTrue();
		}

		@Test
		void bucketsTakenTogetherAnswerInTheOrderOfTheKeys() {
			for (int i = 0; i < 3; i++) {
				takeOne(this.buckets, "address");
			}
			List<Taken> taken = this.buckets.take(THREE_AN_HOUR, "address", "user");
			assertThat(taken).extracting(Taken::key).containsExactly("address", "user");
			assertThat(taken).extracting((each) -> each.probe().isConsumed()).containsExactly(false, true);
			assertThat(taken.get(1).probe().getRemainingTokens()).isEqualTo(2);
		}

		@Test
		void aTokenGivenBackCanBeTakenAgain() {
			takeOne(this.buckets, "caller");
			takeOne(this.buckets, "caller");
			Taken last = this.buckets.take(THREE_AN_HOUR, "caller").getFirst();
			assertThat(takeOne(this.buckets, "caller")).isFalse();
			this.buckets.giveBack(last);
			assertThat(takeOne(this.buckets, "caller")).isTrue();
			assertThat(takeOne(this.buckets, "caller")).isFalse();
		}

		@Test
		void aLimitHoldsForEveryInstanceTogether() {
			assertThat(takeOne(this.buckets, "everyone")).isTrue();
			assertThat(takeOne(this.elsewhere, "everyone")).isTrue();
			assertThat(takeOne(this.buckets, "everyone")).isTrue();
			assertThat(takeOne(this.elsewhere, "everyone")).isFalse();
			assertThat(takeOne(this.buckets, "everyone")).isFalse();
		}

	}

	@Nested
	class InMemory extends Contract {

		@BeforeEach
		void create() {
			this.buckets = new LocalState(new TestClock()).buckets("rl:", Duration.ofHours(1));
			this.elsewhere = this.buckets;
		}

		@Test
		void theBucketsAreHere() {
			assertThat(this.buckets.remote()).isFalse();
			assertThat(this.buckets.take(THREE_AN_HOUR, "caller").getFirst().remote()).isFalse();
		}

	}

	@Nested
	class InRedis extends Contract {

		@BeforeEach
		void create() {
			String namespace = TestRedis.namespace();
			this.buckets = here.buckets(namespace, Duration.ofHours(1));
			this.elsewhere = there.buckets(namespace, Duration.ofHours(1));
		}

		/**
		 * Once this instance knows the buckets' state, two buckets cost one command: a
		 * script that swaps both, neither read first.
		 */
		@Test
		void twoBucketsTakenTogetherCostOneCommand() {
			this.buckets.take(THREE_AN_HOUR, "address", "user");
			long evals = redis.calls("eval");
			long gets = redis.calls("get");
			long scripts = redis.calls("evalsha");
			List<Taken> taken = this.buckets.take(THREE_AN_HOUR, "address", "user");
			assertThat(taken).allSatisfy((each) -> assertThat(each.remote()).isTrue());
			assertThat(redis.calls("eval") - evals).isEqualTo(1);
			assertThat(redis.calls("evalsha")).isEqualTo(scripts);
			// The script's own reads of the two buckets count too.
			assertThat(redis.calls("get") - gets).isEqualTo(2);
			assertThat(this.buckets.remote()).isTrue();
		}

	}

}
