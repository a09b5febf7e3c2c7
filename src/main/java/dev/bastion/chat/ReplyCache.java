package dev.bastion.chat;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import dev.bastion.chat.provider.ChatMessage;
import dev.bastion.chat.provider.GenerationParameters;
import dev.bastion.sharedstate.ExpiringCache;
import dev.bastion.sharedstate.SharedState;
import dev.bastion.crypto.Secrets;

/**
 * Replies to identical prompts, reused for a while. Entries are partitioned per user: the
 * key is a keyed hash of the owner and the whole context, so one user's prompt never
 * finds another's reply, and a key says nothing about the prompt. Entries are kept as
 * shared state (with Redis, shared by every instance), encrypted and bound to their key.
 * The cache is best effort: its failure is a miss, never a refused request.
 */
final class ReplyCache {

	private static final int TAG_CHARS = 16;

	private final ChatProperties.Cache properties;

	private final ExpiringCache entries;

	private final Secrets secrets;

	private final JsonMapper json = JsonMapper.builder().build();

	private final LongAdder hits = new LongAdder();

	private final LongAdder misses = new LongAdder();

	ReplyCache(ChatProperties.Cache properties, SharedState shared, Secrets secrets) {
		this.properties = properties;
		this.entries = shared.cache("reply-cache:", properties.ttl(), properties.maxEntries());
		this.secrets = secrets;
	}

	boolean enabled() {
		return this.properties.enabled();
	}

	/**
	 * The key of a context for one owner, or empty when caching is off: the owner's tag,
	 * so that an owner's entries can be found, and a keyed hash of the model, the context
	 * and every generation parameter (a reply is never served for a model or parameters
	 * other than its own).
	 */
	Optional<String> key(String owner, String model, GenerationParameters parameters, List<ChatMessage> context) {
		if (!this.properties.enabled()) {
			return Optional.empty();
		}
		StringBuilder material = new StringBuilder(owner).append('\u0000')
			.append(model)
			.append('\u0000')
			.append(parameters.canonical());
		for (ChatMessage message : context) {
			material.append('\u0000').append(message.role()).append('\u0000').append(message.text());
		}
		return Optional.of(tag(owner) + this.secrets.hash(material.toString()));
	}

	/**
	 * Drops every entry of an owner (a deleted account), for every instance. Best effort
	 * like the rest of the cache: entries that cannot be dropped now stay until they
	 * expire, and can no longer be asked for.
	 */
	void forget(String owner) {
		this.entries.removeStartingWith(tag(owner));
	}

	/** Names the owner's entries without naming the owner. */
	private String tag(String owner) {
		return this.secrets.hash("reply-cache owner\u0000" + owner).substring(0, TAG_CHARS) + ":";
	}

	Optional<Entry> get(String key) {
		Optional<Entry> entry = this.entries.get(key).flatMap((stored) -> decode(key, stored));
		(entry.isPresent() ? this.hits : this.misses).increment();
		return entry;
	}

	void put(String key, Entry entry) {
		this.entries.put(key, this.secrets.encrypt(this.json.writeValueAsString(entry), context(key)));
	}

	ChatHealth.CacheStats stats() {
		long size = this.entries.size();
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

	/**
	 * An entry that no longer decodes (another SECRET_KEY, another version) is a miss.
	 */
	private Optional<Entry> decode(String key, String stored) {
		try {
			return Optional.of(this.json.readValue(this.secrets.decrypt(stored, context(key)), Entry.class));
		}
		catch (RuntimeException ex) {
			return Optional.empty();
		}
	}

	/** An entry opens only under the key it was stored at. */
	private static String context(String key) {
		return "reply-cache/" + key;
	}

	/** A cached reply. */
	record Entry(String text, String provider, String model, int promptTokens, int completionTokens) {

		@Override
		public String toString() {
			return "Entry[provider=" + this.provider + "]";
		}

	}

}
