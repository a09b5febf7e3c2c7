package dev.bastion.chat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import dev.bastion.chat.provider.ChatMessage;
import dev.bastion.chat.provider.ChatProvider;
import dev.bastion.chat.provider.Completion;
import dev.bastion.chat.provider.GenerationParameters;
import dev.bastion.chat.provider.ProviderFailure;
import dev.bastion.chat.provider.ReplyAbandoned;

/**
 * One connection's calls measured, named after OpenTelemetry's GenAI semantic
 * conventions: each call's duration ({@code gen_ai.client.operation.duration}, with
 * {@code error.type} when it failed), the time to its first piece of text
 * ({@code gen_ai.server.time_to_first_token}) and the tokens the provider reported
 * ({@code gen_ai.client.token.usage}, input and output). Sits inside the connection's
 * circuit breaker, so each attempt is one call and a call the open circuit refused is
 * none. Labels are the configured connection and the model asked of it, never anything a
 * caller wrote: the model comes from the routing configuration, and the model the
 * provider says answered is left out since the provider may name any.
 */
final class MeasuredProvider implements ChatProvider {

	static final String DURATION = "gen_ai.client.operation.duration";

	static final String FIRST_TOKEN = "gen_ai.server.time_to_first_token";

	static final String TOKENS = "gen_ai.client.token.usage";

	/** OpenTelemetry's advised buckets for durations, in seconds. */
	private static final double[] SECONDS = { 0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48,
			40.96, 81.92 };

	private static final Duration[] DURATIONS = Arrays.stream(SECONDS)
		.mapToObj((seconds) -> Duration.ofNanos(Math.round(seconds * 1e9)))
		.toArray(Duration[]::new);

	/** OpenTelemetry's advised buckets for token counts (up to a million). */
	private static final double[] TOKEN_COUNTS = { 1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576 };

	private final ChatProvider delegate;

	private final MeterRegistry registry;

	MeasuredProvider(ChatProvider delegate, MeterRegistry registry) {
		this.delegate = delegate;
		this.registry = registry;
	}

	@Override
	public String name() {
		return this.delegate.name();
	}

	@Override
	public String model() {
		return this.delegate.model();
	}

	@Override
	public List<String> listModels() {
		return this.delegate.listModels();
	}

	@Override
	public String probe() {
		return this.delegate.probe();
	}

	@Override
	public Completion complete(String model, List<ChatMessage> conversation, GenerationParameters parameters,
			Consumer<String> pieces) {
		Tags tags = Tags.of("gen_ai.operation.name", "chat", "gen_ai.request.model", model, "bastion.connection",
				name());
		long start = System.nanoTime();
		FirstPiece first = new FirstPiece(pieces, start, tags);
		String error = "none";
		try {
			Completion completion = this.delegate.complete(model, conversation, parameters, first);
			tokens(tags, "input", completion.promptTokens());
			tokens(tags, "output", completion.completionTokens());
			return completion;
		}
		catch (ProviderFailure failure) {
			error = failure.timedOut() ? "timeout" : failure.kind().name().toLowerCase(Locale.ROOT);
			throw failure;
		}
		catch (ReplyAbandoned abandoned) {
			error = "abandoned";
			throw abandoned;
		}
		catch (RuntimeException ex) {
			error = "other";
			throw ex;
		}
		finally {
			timer(DURATION, "How long a model connection took to answer a chat call", tags.and("error.type", error))
				.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
		}
	}

	private void tokens(Tags tags, String type, int count) {
		DistributionSummary.builder(TOKENS)
			.description("Tokens a model connection reported per chat call")
			.tags(tags.and("gen_ai.token.type", type))
			.serviceLevelObjectives(TOKEN_COUNTS)
			.register(this.registry)
			.record(count);
	}

	private Timer timer(String name, String description, Tags tags) {
		return Timer.builder(name)
			.description(description)
			.tags(tags)
			.serviceLevelObjectives(DURATIONS)
			.register(this.registry);
	}

	/** Times the first piece of the answer, then hands every piece on. */
	private final class FirstPiece implements Consumer<String> {

		private final Consumer<String> pieces;

		private final long start;

		private final Tags tags;

		private boolean seen;

		FirstPiece(Consumer<String> pieces, long start, Tags tags) {
			this.pieces = pieces;
			this.start = start;
			this.tags = tags;
		}

		@Override
		public void accept(String piece) {
			if (!this.seen) {
				this.seen = true;
				timer(FIRST_TOKEN, "How long a model connection took to send the first piece of its answer", this.tags)
					.record(System.nanoTime() - this.start, TimeUnit.NANOSECONDS);
			}
			this.pieces.accept(piece);
		}

	}

}
