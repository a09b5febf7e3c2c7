package dev.bastion.chat;

import org.jspecify.annotations.Nullable;

import dev.bastion.chat.provider.GenerationParameters;

/**
 * What a caller may choose per request.
 *
 * @param cache whether a cached reply may be served (and this one cached)
 * @param parameters how the answer is to be generated (its length, sampling...)
 * @param model the model or alias asked for; null for the default
 * @param systemPrompt the preset's system prompt; null for CHAT_SYSTEM_PROMPT
 */
record TurnOptions(boolean cache, GenerationParameters parameters, @Nullable String model,
		@Nullable String systemPrompt) {

	static final TurnOptions DEFAULT = new TurnOptions(true, GenerationParameters.DEFAULTS, null, null);

	static TurnOptions of(@Nullable Boolean cache, GenerationParameters parameters, @Nullable String model) {
		return new TurnOptions(!Boolean.FALSE.equals(cache), parameters, model, null);
	}

	TurnOptions withoutCache() {
		return new TurnOptions(false, this.parameters, this.model, this.systemPrompt);
	}

}
