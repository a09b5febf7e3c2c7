package dev.bastion.chat.provider;

import java.util.List;

import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatRequestParameters;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import org.jspecify.annotations.Nullable;

/**
 * A caller's {@link GenerationParameters} and the chosen model in each provider's terms.
 * An OpenAI-compatible server gets every one under its own name ({@code max_tokens} and
 * {@code max_completion_tokens} as the caller named them). Gemini's generationConfig gets
 * what it has: temperature, topP, stopSequences, maxOutputTokens (from either maximum),
 * presencePenalty and frequencyPenalty; its seed is a setting of the model (see
 * {@link SeededModels}), and it has no {@code user}.
 */
final class ProviderParameters {

	private ProviderParameters() {
	}

	static ChatRequestParameters openAi(String model, GenerationParameters parameters) {
		return OpenAiChatRequestParameters.builder()
			.modelName(model)
			.temperature(parameters.temperature())
			.topP(parameters.topP())
			.stopSequences(stop(parameters))
			.maxOutputTokens(parameters.maxTokens())
			.maxCompletionTokens(parameters.maxCompletionTokens())
			.seed(parameters.seed())
			.presencePenalty(parameters.presencePenalty())
			.frequencyPenalty(parameters.frequencyPenalty())
			.user(parameters.user())
			.build();
	}

	static ChatRequestParameters gemini(String model, GenerationParameters parameters) {
		int limit = parameters.answerLimit();
		return GoogleAiGeminiChatRequestParameters.builder()
			.modelName(model)
			.temperature(parameters.temperature())
			.topP(parameters.topP())
			.stopSequences(stop(parameters))
			.maxOutputTokens((limit > 0) ? limit : null)
			.presencePenalty(parameters.presencePenalty())
			.frequencyPenalty(parameters.frequencyPenalty())
			.build();
	}

	/** None rather than an empty list: an empty {@code stop} is not what was asked. */
	private static @Nullable List<String> stop(GenerationParameters parameters) {
		return parameters.stop().isEmpty() ? null : parameters.stop();
	}

}
