package dev.bastion.sharedstate;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

import dev.bastion.support.FreePorts;
import dev.bastion.support.RedisCommandStats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;

/**
 * {@link RedisStore#readTracked} against a real Redis: copies are used, a change made by
 * another client is seen at once, a failed command drops the copies and tracking comes
 * back on the same connection, and keys nothing would invalidate are refused.
 */
class TrackedReadsTests {

	static RedisServer redis;

	static RedisClient client;

	static RedisCommands<String, String> other;

	static RedisStore store;

	static FailurePolicy policy;

	static final List<Object> events = new ArrayList<>();

	@BeforeAll
	static void start() throws IOException {
		int port = FreePorts.next();
		redis = new RedisServer(port);
		redis.start();
		client = RedisClient.create("redis://127.0.0.1:" + port);
		StatefulRedisConnection<String, String> connection = client.connect();
		other = connection.sync();
		store = new RedisStore("redis://127.0.0.1:" + port, Duration.ofSeconds(2));
		policy = new FailurePolicy(true, events::add, store::forgetCopies);
	}

	@AfterAll
	static void stop() throws IOException {
		store.close();
		client.shutdown();
		redis.stop();
	}

	static @Nullable String read(String key) {
		return policy.attempt(() -> store.readTracked(List.of(key)).get(0), () -> "local");
	}

	/** The invalidation is pushed ahead of any later reply on the tracked connection. */
	static void pingTheTrackedConnection() {
		store.binaryConnection().sync().ping();
	}

	static long mgets() {
		return RedisCommandStats.calls(other, "mget");
	}

	@Test
	void copiesAnswerRepeatedReadsAndAChangeBySomeoneElseIsSeenAtOnce() {
		String key = RedisStore.TRACKED + "test:changed";
		assertThat(read(key)).isNull();
		long before = mgets();
		for (int i = 0; i < 10; i++) {
			assertThat(read(key)).isNull();
		}
		assertThat(mgets()).isEqualTo(before);
		other.set(key, "revoked");
		pingTheTrackedConnection();
		assertThat(read(key)).isEqualTo("revoked");
		other.del(key);
		pingTheTrackedConnection();
		assertThat(read(key)).isNull();
	}

	@Test
	void aFailedCommandDropsTheCopiesAndTrackingComesBackOnTheSameConnection() {
		String key = RedisStore.TRACKED + "test:after-failure";
		assertThat(read(key)).isNull();
		assertThatRuntimeException().isThrownBy(() -> policy.attempt(() -> {
			store.readTracked(List.of(key));
			throw new IllegalStateException("a command failed");
		}, () -> {
			throw new IllegalStateException("a command failed");
		}));
		// Redis refuses to track the same prefix twice on one connection: tracking is
		// switched off and on again, not given up.
		assertThat(read(key)).isNull();
		long before = mgets();
		assertThat(read(key)).isNull();
		assertThat(mgets()).as("answered from a copy again").isEqualTo(before);
		other.set(key, "revoked");
		pingTheTrackedConnection();
		assertThat(read(key)).isEqualTo("revoked");
	}

	@Test
	void keysOutsideTheTrackedPrefixAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> store.readTracked(List.of("bastion:rl:something")))
			.withMessageContaining("Not a tracked key");
	}

}
