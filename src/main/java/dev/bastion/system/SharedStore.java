package dev.bastion.system;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;

/**
 * The state that several instances must share (rate-limit buckets, revoked tokens,
 * lockouts, bans, the emergency switch), in Redis when {@code REDIS_URL} is set. When
 * Redis cannot be reached, {@code REDIS_FAILURE_POLICY} decides: {@code closed} refuses
 * the request with 503, {@code open} falls back to this instance's own state. Losing and
 * regaining Redis are security events; reconnection is automatic.
 */
public final class SharedStore implements DisposableBean {

	/**
	 * Keys under this prefix are read through {@link #readTracked}; write them as any
	 * other key.
	 */
	public static final String TRACKED = "bastion:tracked:";

	private static final Logger logger = LoggerFactory.getLogger(SharedStore.class);

	private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	private static final Duration RECONNECT_EVERY = Duration.ofSeconds(1);

	private final @Nullable RedisClient client;

	private final boolean failOpen;

	private final ApplicationEventPublisher events;

	private final AtomicReference<@Nullable StatefulRedisConnection<String, String>> text = new AtomicReference<>();

	private final AtomicReference<@Nullable StatefulRedisConnection<String, byte[]>> bytes = new AtomicReference<>();

	private final AtomicBoolean healthy = new AtomicBoolean(true);

	private final TrackedReads tracked = new TrackedReads();

	private final Object connecting = new Object();

	SharedStore(@Nullable String url, Duration timeout, boolean failOpen, ApplicationEventPublisher events) {
		this.failOpen = failOpen;
		this.events = events;
		this.client = (url == null || url.isBlank()) ? null : client(url.strip(), timeout);
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

	/** Whether {@code REDIS_URL} is set. */
	public boolean enabled() {
		return this.client != null;
	}

	/** {@code UP}, {@code DOWN} or {@code NOT_CONFIGURED}, for the health report. */
	public String status() {
		if (this.client == null) {
			return "NOT_CONFIGURED";
		}
		try {
			return call((redis) -> "PONG".equals(redis.ping()) ? "UP" : "DOWN", () -> "DOWN");
		}
		catch (BastionException ex) {
			return "DOWN";
		}
	}

	/**
	 * Runs {@code command} against Redis; when Redis is unreachable, answers with
	 * {@code local} (policy open) or refuses the request with 503 (policy closed).
	 */
	public <T> T call(Function<RedisCommands<String, String>, T> command, Supplier<T> local) {
		return attempt(() -> command.apply(textConnection().sync()), local);
	}

	/**
	 * As {@link #call}, for a write to keys under {@link #TRACKED} that this instance
	 * must see on its very next read: it returns once the change's invalidation has
	 * reached this instance's copies. Redis sends invalidations to the tracked connection
	 * ahead of the reply to any command that arrives there after the write, and the
	 * writer's own connection is not that one, so one {@code PING} there is enough.
	 */
	public <T> T callTracked(Function<RedisCommands<String, String>, T> write, Supplier<T> local) {
		return attempt(() -> {
			T result = write.apply(textConnection().sync());
			binaryConnection().sync().ping();
			return result;
		}, local);
	}

	/**
	 * Best effort: runs {@code command} if Redis is reachable, and otherwise carries on
	 * (for writes whose truth is also kept elsewhere, such as revocations in the
	 * database).
	 */
	public void tryRun(Consumer<RedisCommands<String, String>> command) {
		if (this.client == null) {
			return;
		}
		try {
			attempt(() -> {
				command.accept(textConnection().sync());
				return Boolean.TRUE;
			}, () -> Boolean.FALSE);
		}
		catch (BastionException ex) {
			// Policy closed: this write is lost from Redis, not from the database.
		}
	}

	/**
	 * As {@link #call}, for clients that need a connection with binary values (Bucket4j).
	 */
	public <T> T callBinary(Function<StatefulRedisConnection<String, byte[]>, T> command, Supplier<T> local) {
		return attempt(() -> command.apply(binaryConnection()), local);
	}

	/**
	 * Reads keys under {@link #TRACKED}, read on every request and rarely changed, from
	 * copies that Redis keeps current ({@link TrackedReads}), usually without a round
	 * trip. {@code answer} gets the values in order, null where a key is absent.
	 */
	public <T> T readTracked(List<String> keys, Function<List<@Nullable String>, T> answer, Supplier<T> local) {
		TrackedReads.requireTracked(keys);
		return attempt(() -> answer.apply(this.tracked.read(binaryConnection(), keys)), local);
	}

	private <T> T attempt(Supplier<T> redis, Supplier<T> local) {
		try {
			T result = redis.get();
			// Read first: a compare-and-set on every call would contend across cores.
			if (!this.healthy.get() && this.healthy.compareAndSet(false, true)) {
				logger.warn("Redis is reachable again; shared state is back in use");
				this.events.publishEvent(new SharedStateChanged(true));
			}
			return result;
		}
		catch (RuntimeException ex) {
			this.tracked.forget();
			if (this.healthy.compareAndSet(true, false)) {
				logger.error("Redis is unreachable ({}); policy {}", ex.getClass().getSimpleName(),
						this.failOpen ? "open: using this instance's own state" : "closed: refusing limited requests");
				this.events.publishEvent(new SharedStateChanged(false));
			}
			if (this.failOpen) {
				return local.get();
			}
			throw new BastionException(ErrorCode.SERVICE_UNAVAILABLE, "Shared state is unavailable; try again shortly.",
					RETRY_AFTER);
		}
	}

	private StatefulRedisConnection<String, String> textConnection() {
		return connect(this.text, StringCodec.UTF8, (connection) -> {
		});
	}

	private StatefulRedisConnection<String, byte[]> binaryConnection() {
		// The buckets' connection also tracks keys: see TrackedReads.
		return connect(this.bytes, RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE), (connection) -> {
			connection.addListener((PushListener) this.tracked);
			connection.addListener((RedisConnectionStateListener) this.tracked);
		});
	}

	private <V> StatefulRedisConnection<String, V> connect(
			AtomicReference<@Nullable StatefulRedisConnection<String, V>> holder, RedisCodec<String, V> codec,
			Consumer<StatefulRedisConnection<String, V>> prepare) {
		StatefulRedisConnection<String, V> connection = holder.get();
		if (connection != null) {
			return connection;
		}
		RedisClient redis = this.client;
		if (redis == null) {
			throw new IllegalStateException("REDIS_URL is not set");
		}
		synchronized (this.connecting) {
			connection = holder.get();
			if (connection == null) {
				connection = redis.connect(codec);
				prepare.accept(connection);
				holder.set(connection);
			}
			return connection;
		}
	}

	@Override
	public void destroy() {
		if (this.client != null) {
			this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
			this.client.getResources().shutdown();
		}
	}

	/** Redis went away ({@code CRITICAL}) or came back. */
	record SharedStateChanged(boolean available) implements SecurityEvent {

		@Override
		public Severity severity() {
			return this.available ? Severity.WARNING : Severity.CRITICAL;
		}

		@Override
		public String type() {
			return this.available ? "SHARED_STATE_RECOVERED" : "SHARED_STATE_UNAVAILABLE";
		}

		@Override
		public Map<String, Object> details() {
			return Map.of("store", "redis");
		}

	}

}
