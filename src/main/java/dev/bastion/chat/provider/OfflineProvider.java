package dev.bastion.chat.provider;

import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The built-in provider: no network and no model. It says so plainly and explains how to
 * connect a real one, so that a first run has something useful to show.
 */
public final class OfflineProvider implements ChatProvider {

	public static final String NAME = "offline";

	private static final Pattern WORDS = Pattern.compile("\\s+");

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public String model() {
		return NAME;
	}

	@Override
	public Completion complete(String model, List<ChatMessage> conversation, GenerationParameters parameters,
			Consumer<String> pieces) {
		// It has no model to steer: the model and every parameter are ignored, as the
		// docs say.
		ChatMessage last = conversation.getLast();
		long turns = conversation.stream().filter((message) -> message.role().equals("user")).count();
		String answer = "I am Bastion's built-in offline assistant: no language model is connected, so I cannot "
				+ "really answer your " + words(last.text()) + "-word message (message " + turns
				+ " of this conversation). To connect one, set OPENAI_API_KEY (with OPENAI_BASE_URL for Ollama, "
				+ "vLLM or llama.cpp) or GEMINI_API_KEY, and list it in PROVIDER_ORDER.";
		for (String piece : answer.split("(?<= )")) {
			pieces.accept(piece);
		}
		int prompt = conversation.stream().mapToInt((message) -> words(message.text())).sum();
		return new Completion(answer, NAME, prompt, words(answer));
	}

	/** A rough token count: words. */
	static int words(String text) {
		String trimmed = text.strip();
		return trimmed.isEmpty() ? 0 : WORDS.split(trimmed).length;
	}

}
