package dev.bastion.system;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

import dev.bastion.support.RedisCommandStats;
import dev.bastion.support.Tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;

/**
 * {@link SharedStore#readTracked} against a real Redis: copies are used, a change made by
 * another client is seen at once, a failed command drops the copies and tracking comes
 * back on the same connection, and keys nothing would invalidate are refused.
 */
class TrackedReadsTests {

	static RedisServer redis;

	static RedisClient client;

	static RedisCommands<String, String> other;

	static SharedStore store;

	static final List<Object> events = new ArrayList<>();

	@BeforeAll
	static void start() throws IOException {
		int port = Tls.freePort();
		redis = new RedisServer(port);
		redis.start();
		client = RedisClient.create("redis://127.0.0.1:" + port);
		StatefulRedisConnection<String, String> connection = client.connect();
		other = connection.sync();
		store = new SharedStore("redis://127.0.0.1:" + port, Duration.ofSeconds(2), true, events::add);
	}

	@AfterAll
	static void stop() throws IOException {
		store.destroy();
		client.shutdown();
		redis.stop();
	}

	static @org.jspecify.annotations.Nullable String read(String key) {
		return store.readTracked(List.of(key), (values) -> values.get(0), () -> "local");
	}

	static long mgets() {
		return RedisCommandStats.calls(other, "mget");
	}

	@Test
	void copiesAnswerRepeatedReadsAndAChangeBySomeoneElseIsSeenAtOnce() {
		String key = SharedStore.TRACKED + "test:changed";
		assertThat(read(key)).isNull();
		long before = mgets();
		for (int i = 0; i < 10; i++) {
			assertThat(read(key)).isNull();
		}
		assertThat(mgets()).isEqualTo(before);
		other.set(key, "revoked");
		// The invalidation is pushed ahead of any later reply on the tracked connection.
		store.callBinary((connection) -> connection.sync().ping(), () -> "local");
		assertThat(read(key)).isEqualTo("revoked");
		other.del(key);
		store.callBinary((connection) -> connection.sync().ping(), () -> "local");
		assertThat(read(key)).isNull();
	}

	@Test
	void aFailedCommandDropsTheCopiesAndTrackingComesBackOnTheSameConnection() {
		String key = SharedStore.TRACKED + "test:after-failure";
		assertThat(read(key)).isNull();
		assertThatRuntimeException().isThrownBy(() -> store.readTracked(List.of(key), (values) -> {
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
		store.callBinary((connection) -> connection.sync().ping(), () -> "local");
		assertThat(read(key)).isEqualTo("revoked");
	}

	@Test
	void keysOutsideTheTrackedPrefixAreRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> store.readTracked(List.of("bastion:rl:something"), (values) -> values.get(0), () -> null))
			.withMessageContaining("Not a tracked key");
	}

}
