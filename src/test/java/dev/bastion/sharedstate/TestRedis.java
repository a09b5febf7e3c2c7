package dev.bastion.sharedstate;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import redis.embedded.RedisServer;

import dev.bastion.support.FreePorts;
import dev.bastion.support.RedisCommandStats;

/**
 * A real Redis (the embedded binary) for the tests of the Redis implementations, and
 * instances of the shared state on it, each with its own connections as a Bastion
 * instance has.
 */
final class TestRedis implements AutoCloseable {

	final List<Object> events = new CopyOnWriteArrayList<>();

	private final int port;

	private final RedisServer server;

	private final List<RedisState> instances = new CopyOnWriteArrayList<>();

	private TestRedis(int port) throws IOException {
		this.port = port;
		this.server = new RedisServer(port);
		this.server.start();
	}

	static TestRedis start() throws IOException {
		return new TestRedis(FreePorts.next());
	}

	/** A new instance of the shared state on this Redis, with its own connections. */
	RedisState instance(boolean openPolicy) {
		RedisStore store = new RedisStore("redis://127.0.0.1:" + this.port, Duration.ofMillis(500));
		RedisState state = new RedisState(store, new FailurePolicy(openPolicy, this.events::add, store::forgetCopies),
				Clock.systemUTC());
		this.instances.add(state);
		return state;
	}

	/** A namespace no other test uses. */
	static String namespace() {
		return "test-" + UUID.randomUUID() + ":";
	}

	void stop() throws IOException {
		this.server.stop();
	}

	void restart() throws IOException {
		this.server.start();
	}

	/** How many times Redis has served {@code command}. */
	long calls(String command) {
		try (RedisClient client = RedisClient.create("redis://127.0.0.1:" + this.port);
				StatefulRedisConnection<String, String> connection = client.connect()) {
			return RedisCommandStats.calls(connection.sync(), command);
		}
	}

	@Override
	public void close() throws IOException {
		this.instances.forEach(RedisState::close);
		this.server.stop();
	}

}
