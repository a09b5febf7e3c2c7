package dev.bastion.sharedstate;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushListener;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import io.netty.handler.flush.FlushConsolidationHandler;
import org.jspecify.annotations.Nullable;

/**
 * The Redis of {@code REDIS_URL}: the client, its two connections (text, and binary for
 * the buckets, which also tracks keys), and the tracked reads. Connects lazily and
 * reconnects by itself; a command that fails throws, and {@link FailurePolicy} decides
 * what that means.
 */
final class RedisStore implements AutoCloseable {

	/**
	 * Keys under this prefix are read through {@link #readTracked}; write them through
	 * {@link #writeTracked}.
	 */
	static final String TRACKED = "bastion:tracked:";

	private static final Duration RECONNECT_EVERY = Duration.ofSeconds(1);

	private final RedisClient client;

	private final AtomicReference<@Nullable StatefulRedisConnection<String, String>> text = new AtomicReference<>();

	private final AtomicReference<@Nullable StatefulRedisConnection<String, byte[]>> bytes = new AtomicReference<>();

	private final TrackedReads tracked = new TrackedReads();

	private final Object connecting = new Object();

	RedisStore(String url, Duration timeout) {
		this.client = client(url.strip(), timeout);
	}

	private static RedisClient client(String url, Duration timeout) {
		RedisURI uri = RedisURI.create(url);
		uri.setTimeout(timeout);
		// Reconnect every second while Redis is away, rather than backing off to 30 s.
		// Under load many requests send a command at once: Netty's flush consolidation
		// writes them to the socket together, saving a system call per command here and
		// in Redis (bench/redis.sh: +33 % throughput of the Redis-backed path).
		RedisClient client = RedisClient.create(DefaultClientResources.builder()
			.reconnectDelay(Delay.constant(RECONNECT_EVERY))
			.nettyCustomizer(new NettyCustomizer() {
				@Override
				public void afterChannelInitialized(Channel channel) {
					channel.pipeline()
						.addFirst(new FlushConsolidationHandler(
								FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
				}
			})
			.build(), uri);
		client.setOptions(ClientOptions.builder()
			.autoReconnect(true)
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.timeoutOptions(TimeoutOptions.enabled(timeout))
			.socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
			.build());
		return client;
	}

	/** Whether Redis answers a {@code PING}. */
	boolean ping() {
		return "PONG".equals(text().ping());
	}

	/** Commands on the text connection. */
	RedisCommands<String, String> text() {
		return textConnection().sync();
	}

	/**
	 * For a write to keys under {@link #TRACKED} that this instance must see on its very
	 * next read: returns once the change's invalidation has reached this instance's
	 * copies. Redis sends invalidations to the tracked connection ahead of the reply to
	 * any command that arrives there after the write, and the writer's own connection is
	 * not that one, so one {@code PING} there is enough.
	 */
	<T> T writeTracked(Function<RedisCommands<String, String>, T> write) {
		T result = write.apply(text());
		binaryConnection().sync().ping();
		return result;
	}

	/**
	 * Reads keys under {@link #TRACKED}, read on every request and rarely changed, from
	 * copies that Redis keeps current ({@link TrackedReads}), usually without a round
	 * trip: the values in order, null where a key is absent.
	 */
	List<@Nullable String> readTracked(List<String> keys) {
		TrackedReads.requireTracked(keys);
		return this.tracked.read(binaryConnection(), keys);
	}

	/** The connection with binary values, for Bucket4j; it also tracks keys. */
	StatefulRedisConnection<String, byte[]> binaryConnection() {
		return connect(this.bytes, RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE), (connection) -> {
			connection.addListener((PushListener) this.tracked);
			connection.addListener((RedisConnectionStateListener) this.tracked);
		});
	}

	/** Drops every tracked copy: after a failure they may be stale. */
	void forgetCopies() {
		this.tracked.forget();
	}

	private StatefulRedisConnection<String, String> textConnection() {
		return connect(this.text, StringCodec.UTF8, (connection) -> {
		});
	}

	private <V> StatefulRedisConnection<String, V> connect(
			AtomicReference<@Nullable StatefulRedisConnection<String, V>> holder, RedisCodec<String, V> codec,
			Consumer<StatefulRedisConnection<String, V>> prepare) {
		StatefulRedisConnection<String, V> connection = holder.get();
		if (connection != null) {
			return connection;
		}
		synchronized (this.connecting) {
			connection = holder.get();
			if (connection == null) {
				connection = this.client.connect(codec);
				prepare.accept(connection);
				holder.set(connection);
			}
			return connection;
		}
	}

	@Override
	public void close() {
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		this.client.getResources().shutdown();
	}

}
