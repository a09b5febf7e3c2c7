package dev.bastion.chat.provider;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.bastion.system.InvalidInputException;

/**
 * How a caller wants the answer generated, in OpenAI's terms; a {@code null} component is
 * left to the provider's default. Ranges are checked once, here, as OpenAI checks them,
 * so a provider is never asked with a value it would refuse; the server's own upper bound
 * on the answer's length is checked by the chat service.
 *
 * @param temperature sampling temperature, 0 to 2
 * @param topP nucleus sampling, 0 to 1
 * @param stop up to four sequences at which the answer stops
 * @param maxTokens the longest answer, as OpenAI's {@code max_tokens}
 * @param maxCompletionTokens the longest answer, as OpenAI's newer
 * {@code max_completion_tokens}
 * @param seed asks for a deterministic answer where the model supports it
 * @param presencePenalty -2 to 2
 * @param frequencyPenalty -2 to 2
 * @param user the end user as the provider should see them: already a pseudonym, never an
 * account id or a caller's raw value
 */
public record GenerationParameters(@Nullable Double temperature, @Nullable Double topP, List<String> stop,
		@Nullable Integer maxTokens, @Nullable Integer maxCompletionTokens, @Nullable Integer seed,
		@Nullable Double presencePenalty, @Nullable Double frequencyPenalty, @Nullable String user) {

	/** No choice made: every provider answers with its defaults. */
	public static final GenerationParameters DEFAULTS = new GenerationParameters(null, null, List.of(), null, null,
			null, null, null, null);

	/** OpenAI's limit on stop sequences. */
	public static final int MAX_STOP_SEQUENCES = 4;

	/** Bastion's bound on one stop sequence (OpenAI does not publish one). */
	public static final int MAX_STOP_CHARS = 256;

	public GenerationParameters {
		within("temperature", temperature, 0, 2);
		within("top_p", topP, 0, 1);
		within("presence_penalty", presencePenalty, -2, 2);
		within("frequency_penalty", frequencyPenalty, -2, 2);
		atLeastOne("max_tokens", maxTokens);
		atLeastOne("max_completion_tokens", maxCompletionTokens);
		stop = List.copyOf(stop);
		if (stop.size() > MAX_STOP_SEQUENCES) {
			throw new InvalidInputException("stop", "must hold at most " + MAX_STOP_SEQUENCES + " sequences");
		}
		if (stop.stream().anyMatch((sequence) -> sequence.isEmpty() || sequence.length() > MAX_STOP_CHARS)) {
			throw new InvalidInputException("stop", "each sequence must be 1 to " + MAX_STOP_CHARS + " characters");
		}
	}

	/** Only a bound on the answer's length, as {@code POST /api/v1/chat} offers. */
	public static GenerationParameters maxTokens(@Nullable Integer maxTokens) {
		return new GenerationParameters(null, null, List.of(), maxTokens, null, null, null, null, null);
	}

	/**
	 * Refuses a longest answer, by either name, above the server's {@code limit}.
	 */
	public void checkAnswerLimit(int limit) {
		atMost("max_tokens", this.maxTokens, limit);
		atMost("max_completion_tokens", this.maxCompletionTokens, limit);
	}

	/** The longest answer asked for, by either name; 0 when none was. */
	public int answerLimit() {
		return Math.max(Objects.requireNonNullElse(this.maxTokens, 0),
				Objects.requireNonNullElse(this.maxCompletionTokens, 0));
	}

	/**
	 * Every component, in a fixed order: what the reply cache keys on, so that a reply is
	 * never served for parameters other than those it was generated with.
	 */
	public String canonical() {
		return String.join("\u0000", String.valueOf(this.temperature), String.valueOf(this.topP),
				String.valueOf(this.stop.size()), String.join("\u0000", this.stop), String.valueOf(this.maxTokens),
				String.valueOf(this.maxCompletionTokens), String.valueOf(this.seed),
				String.valueOf(this.presencePenalty), String.valueOf(this.frequencyPenalty), String.valueOf(this.user));
	}

	private static void within(String field, @Nullable Double value, double min, double max) {
		if (value != null && (value.isNaN() || value < min || value > max)) {
			throw new InvalidInputException(field, "must be between " + min + " and " + max);
		}
	}

	private static void atMost(String field, @Nullable Integer value, int limit) {
		if (value != null && value > limit) {
			throw new InvalidInputException(field, "must be between 1 and " + limit);
		}
	}

	private static void atLeastOne(String field, @Nullable Integer value) {
		if (value != null && value < 1) {
			throw new InvalidInputException(field, "must be at least 1");
		}
	}

	@Override
	public String toString() {
		// The stop sequences and the user are the caller's words: never in a log line.
		return "GenerationParameters[temperature=" + this.temperature + ", topP=" + this.topP + ", stop="
				+ this.stop.size() + ", maxTokens=" + this.maxTokens + ", maxCompletionTokens="
				+ this.maxCompletionTokens + ", seed=" + this.seed + "]";
	}

}
