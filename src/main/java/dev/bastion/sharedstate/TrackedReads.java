package dev.bastion.sharedstate;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushListener;
import io.lettuce.core.api.push.PushMessage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys read on every request that rarely change (revocations, bans, the emergency
 * switch), kept under {@link RedisStore#TRACKED} and answered from this instance's
 * memory. Redis keeps the copies current: the connection has client tracking on in
 * broadcast mode for that prefix (RESP3), so whenever any instance changes such a key,
 * Redis pushes its name here and the copy is dropped.
 *
 * <p>
 * Tracking is on the connection that also carries the rate-limit buckets, and every
 * rate-limited request takes its bucket from Redis before it is authenticated. Redis
 * queues the invalidation of a change ahead of the reply to any later command on this
 * connection, and Lettuce hands push messages to {@link #onPushMessage} in order, before
 * it completes the commands behind them. So once a change was acknowledged to another
 * instance, a later request's authentication cannot read the old copy of a revocation: as
 * fresh as a read from Redis. The ban and emergency checks come before the bucket; they
 * see a change when its push arrives, well under a millisecond after it.
 *
 * <p>
 * Any doubt drops every copy: a lost connection, a failed command, a flush. A value read
 * from Redis is only kept when nothing of the kind happened while it was being read.
 * Without tracking (Redis older than 6), every read goes to Redis.
 */
final class TrackedReads implements PushListener, RedisConnectionStateListener {

	private static final Logger logger = LoggerFactory.getLogger(TrackedReads.class);

	private static final int MAX_KEYS = 100_000;

	private final Cache<String, Optional<String>> copies = Caffeine.newBuilder()
		.executor(Runnable::run)
		.maximumSize(MAX_KEYS)
		.build();

	/**
	 * Odd while Redis tracks this connection; grows with every event that may make a copy
	 * stale, so one read of it tells both whether copies may be kept and whether anything
	 * happened since.
	 */
	private final AtomicLong version = new AtomicLong();

	private volatile boolean unsupported;

	/**
	 * Not this object's monitor: the push listener takes that on Lettuce's event loop,
	 * which must stay free to deliver the reply to {@code CLIENT TRACKING}.
	 */
	private final Object starting = new Object();

	/** The values of {@code keys} (null where a key is absent), in order. */
	List<@Nullable String> read(StatefulRedisConnection<String, byte[]> connection, List<String> keys) {
		long before = this.version.get();
		if (!tracking(before) && !this.unsupported) {
			startTracking(connection, before);
			before = this.version.get();
		}
		if (tracking(before)) {
			Map<String, Optional<String>> present = this.copies.getAllPresent(keys);
			if (present.size() == keys.size()) {
				List<@Nullable String> values = new ArrayList<>(keys.size());
				keys.forEach((key) -> values.add(present.getOrDefault(key, Optional.empty()).orElse(null)));
				return values;
			}
		}
		List<KeyValue<String, byte[]>> read = connection.sync().mget(keys.toArray(String[]::new));
		List<@Nullable String> values = new ArrayList<>(keys.size());
		read.forEach(
				(value) -> values.add(value.hasValue() ? new String(value.getValue(), StandardCharsets.UTF_8) : null));
		if (tracking(before)) {
			keep(keys, values, before);
		}
		return values;
	}

	/** Refuses keys outside the tracked prefix: nothing would tell a copy went stale. */
	static void requireTracked(List<String> keys) {
		for (String key : keys) {
			if (!key.startsWith(RedisStore.TRACKED)) {
				throw new IllegalArgumentException("Not a tracked key: " + key);
			}
		}
	}

	private synchronized void keep(List<String> keys, List<@Nullable String> values, long before) {
		if (this.version.get() == before) {
			for (int i = 0; i < keys.size(); i++) {
				this.copies.put(keys.get(i), Optional.ofNullable(values.get(i)));
			}
		}
	}

	private void startTracking(StatefulRedisConnection<String, byte[]> connection, long before) {
		synchronized (this.starting) {
			if (this.version.get() != before || this.unsupported) {
				return;
			}
			try {
				// Off first: after a failed command the connection may still track, and
				// Redis refuses the same prefix twice.
				connection.sync().clientTracking(TrackingArgs.Builder.enabled(false));
				connection.sync().clientTracking(TrackingArgs.Builder.enabled().bcast().prefixes(RedisStore.TRACKED));
				this.version.compareAndSet(before, before + 1);
			}
			catch (RedisCommandExecutionException ex) {
				this.unsupported = true;
				logger.warn("Redis refused client tracking ({}); tracked keys are read from Redis every time",
						ex.getMessage());
			}
		}
	}

	/**
	 * Drops every copy, and tracking is switched on again before the next copy is kept.
	 */
	synchronized void forget() {
		this.version.updateAndGet((version) -> (version | 1) + 1);
		this.copies.invalidateAll();
	}

	@Override
	public synchronized void onPushMessage(PushMessage message) {
		if (!"invalidate".equals(message.getType())) {
			return;
		}
		List<Object> content = message.getContent(TrackedReads::decode);
		if (content.size() < 2 || !(content.get(1) instanceof List<?> keys)) {
			// Null: Redis flushed its keys or dropped its tracking table.
			forget();
			return;
		}
		this.version.addAndGet(2);
		keys.forEach((key) -> this.copies.invalidate(String.valueOf(key)));
	}

	@Override
	public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
		forget();
	}

	private static boolean tracking(long version) {
		return (version & 1) == 1;
	}

	private static String decode(ByteBuffer buffer) {
		return StandardCharsets.UTF_8.decode(buffer).toString();
	}

}
