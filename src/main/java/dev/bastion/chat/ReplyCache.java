package dev.bastion.chat;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.Range;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import dev.bastion.chat.provider.ChatMessage;
import dev.bastion.system.BastionException;
import dev.bastion.system.Secrets;
import dev.bastion.system.SharedStore;

/**
 * Replies to identical prompts, reused for a while. Entries are partitioned per user: the
 * key is a keyed hash of the owner and the whole context, so one user's prompt never
 * finds another's reply, and a key says nothing about the prompt. With Redis the entries
 * are shared by every instance, encrypted, and bounded by an index of expiry times;
 * without it, or when Redis is unreachable, an in-process cache serves instead. The cache
 * is best effort: its failure is a miss, never a refused request.
 */
final class ReplyCache {

	private static final String PREFIX = "bastion:reply-cache:";

	private static final String INDEX = PREFIX + "index";

	private static final int TAG_CHARS = 16;

	private static final int SCAN_BATCH = 500;

	private final ChatProperties.Cache properties;

	private final SharedStore shared;

	private final Secrets secrets;

	private final Clock clock;

	private final Cache<String, Entry> local;

	private final JsonMapper json = JsonMapper.builder().build();

	private final LongAdder hits = new LongAdder();

	private final LongAdder misses = new LongAdder();

	ReplyCache(ChatProperties.Cache properties, SharedStore shared, Secrets secrets, Clock clock) {
		this.properties = properties;
		this.shared = shared;
		this.secrets = secrets;
		this.clock = clock;
		this.local = Caffeine.newBuilder()
			.maximumSize(properties.maxEntries())
			.expireAfterWrite(properties.ttl())
			.build();
	}

	boolean enabled() {
		return this.properties.enabled();
	}

	/**
	 * The key of a context for one owner, or empty when caching is off: the owner's tag,
	 * so that an owner's entries can be found, and a keyed hash of the context.
	 */
	Optional<String> key(String owner, int maxTokens, List<ChatMessage> context) {
		if (!this.properties.enabled()) {
			return Optional.empty();
		}
		StringBuilder material = new StringBuilder(owner).append('\u0000').append(maxTokens);
		for (ChatMessage message : context) {
			material.append('\u0000').append(message.role()).append('\u0000').append(message.text());
		}
		return Optional.of(tag(owner) + this.secrets.hash(material.toString()));
	}

	/**
	 * Drops every entry of an owner (a deleted account): here, and in Redis for every
	 * instance. Best effort like the rest of the cache: while Redis is unreachable its
	 * entries stay until they expire, and can no longer be asked for.
	 */
	void forget(String owner) {
		String tag = tag(owner);
		this.local.asMap().keySet().removeIf((key) -> key.startsWith(tag));
		if (!this.shared.enabled()) {
			return;
		}
		best(() -> this.shared.call((redis) -> drop(redis, tag), () -> 0L), 0L);
	}

	/** Deletes the entries under a tag, and their places in the index; how many. */
	private static long drop(RedisCommands<String, String> redis, String tag) {
		ScanArgs matching = ScanArgs.Builder.matches(PREFIX + tag + "*").limit(SCAN_BATCH);
		long dropped = 0;
		for (KeyScanCursor<String> cursor = redis.scan(matching);; cursor = redis.scan(cursor, matching)) {
			List<String> keys = cursor.getKeys();
			if (!keys.isEmpty()) {
				dropped += redis.del(keys.toArray(String[]::new));
				redis.zrem(INDEX, keys.stream().map((key) -> key.substring(PREFIX.length())).toArray(String[]::new));
			}
			if (cursor.isFinished()) {
				return dropped;
			}
		}
	}

	/** Names the owner's entries without naming the owner. */
	private String tag(String owner) {
		return this.secrets.hash("reply-cache owner\u0000" + owner).substring(0, TAG_CHARS) + ":";
	}

	Optional<Entry> get(String key) {
		@Nullable Entry entry = this.shared.enabled() ? fromRedis(key) : this.local.getIfPresent(key);
		(entry != null ? this.hits : this.misses).increment();
		return Optional.ofNullable(entry);
	}

	void put(String key, Entry entry) {
		this.local.put(key, entry);
		if (!this.shared.enabled()) {
			return;
		}
		String value = this.secrets.encrypt(this.json.writeValueAsString(entry), context(key));
		best(() -> this.shared.call((redis) -> {
			long now = this.clock.millis();
			redis.set(PREFIX + key, value, SetArgs.Builder.px(this.properties.ttl().toMillis()));
			redis.zadd(INDEX, now + this.properties.ttl().toMillis(), key);
			trim(redis, now);
			return Boolean.TRUE;
		}, () -> Boolean.TRUE), Boolean.FALSE);
	}

	ChatHealth.CacheStats stats() {
		long size = this.shared.enabled()
				? best(() -> this.shared.call((redis) -> trim(redis, this.clock.millis()), this.local::estimatedSize),
						this.local.estimatedSize())
				: this.local.estimatedSize();
		long hits = this.hits.sum();
		long misses = this.misses.sum();
		double ratio = (hits + misses == 0) ? 0 : (double) hits / (hits + misses);
		return new ChatHealth.CacheStats(size, hits, misses, Math.round(ratio * 1000) / 1000.0);
	}

	void bindTo(MeterRegistry registry) {
		FunctionCounter.builder("bastion.chat.cache.hits", this.hits, LongAdder::sum)
			.description("Chat replies served from the cache")
			.register(registry);
		FunctionCounter.builder("bastion.chat.cache.misses", this.misses, LongAdder::sum)
			.description("Chat prompts not found in the cache")
			.register(registry);
		Gauge.builder("bastion.chat.cache.size", this, (cache) -> cache.stats().size())
			.description("Replies held in the cache")
			.register(registry);
	}

	/** Drops expired index entries and the oldest ones beyond the bound; the new size. */
	private long trim(RedisCommands<String, String> redis, long now) {
		redis.zremrangebyscore(INDEX, Range.create(Double.NEGATIVE_INFINITY, now));
		long size = redis.zcard(INDEX);
		if (size > this.properties.maxEntries()) {
			List<ScoredValue<String>> oldest = redis.zpopmin(INDEX, size - this.properties.maxEntries());
			redis.del(oldest.stream().map((entry) -> PREFIX + entry.getValue()).toArray(String[]::new));
			size = this.properties.maxEntries();
		}
		return size;
	}

	/**
	 * Decodes outside the Redis call, so that an entry that no longer decodes (another
	 * SECRET_KEY, another version) is a miss, not a Redis failure.
	 */
	private @Nullable Entry fromRedis(String key) {
		// Redis gives the stored text; with policy open the local cache gives an entry.
		Object found = ReplyCache.<@Nullable Object>best(
				() -> this.shared.call((redis) -> redis.get(PREFIX + key), () -> this.local.getIfPresent(key)), null);
		if (!(found instanceof String stored)) {
			return (Entry) found;
		}
		try {
			return this.json.readValue(this.secrets.decrypt(stored, context(key)), Entry.class);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/** An entry opens only under the key it was stored at. */
	private static String context(String key) {
		return "reply-cache/" + key;
	}

	/**
	 * Runs a cache operation; a refusal of the shared store (policy closed) is a miss.
	 */
	private static <T extends @Nullable Object> T best(Supplier<T> operation, T otherwise) {
		try {
			return operation.get();
		}
		catch (BastionException ex) {
			return otherwise;
		}
	}

	/** A cached reply. */
	record Entry(String text, String provider, String model, int promptTokens, int completionTokens) {

		@Override
		public String toString() {
			return "Entry[provider=" + this.provider + "]";
		}

	}

}
