package dev.bastion.chat.provider;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;

import dev.langchain4j.model.chat.StreamingChatModel;
import org.jspecify.annotations.Nullable;

/**
 * The client to ask for a given seed. Where the seed travels with each request (OpenAI)
 * there is one client; where it is a setting of the client (LangChain4j's Gemini), a
 * client per seed is built when first asked for, and the few most recent are kept, so a
 * caller varying the seed costs a client each time but never more than {@value #KEPT}
 * clients in memory.
 */
final class SeededModels {

	static final int KEPT = 8;

	private final StreamingChatModel unseeded;

	private final @Nullable IntFunction<StreamingChatModel> seeded;

	private final Map<Integer, StreamingChatModel> recent = new LinkedHashMap<>(KEPT, 0.75f, true) {

		private static final long serialVersionUID = 1L;

		@Override
		protected boolean removeEldestEntry(Map.Entry<Integer, StreamingChatModel> eldest) {
			return size() > KEPT;
		}

	};

	private SeededModels(StreamingChatModel unseeded, @Nullable IntFunction<StreamingChatModel> seeded) {
		this.unseeded = unseeded;
		this.seeded = seeded;
	}

	/** One client for every request: the seed is a request parameter. */
	static SeededModels one(StreamingChatModel model) {
		return new SeededModels(model, null);
	}

	/** A client per seed, built by {@code seeded}. */
	static SeededModels perSeed(StreamingChatModel unseeded, IntFunction<StreamingChatModel> seeded) {
		return new SeededModels(unseeded, seeded);
	}

	StreamingChatModel forSeed(@Nullable Integer seed) {
		IntFunction<StreamingChatModel> build = this.seeded;
		if (seed == null || build == null) {
			return this.unseeded;
		}
		synchronized (this.recent) {
			return this.recent.computeIfAbsent(seed, build::apply);
		}
	}

}
