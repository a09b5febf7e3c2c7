package dev.bastion.chat.provider;

import java.util.List;
import java.util.function.Consumer;

/**
 * A language model back-end.
 */
public interface ChatProvider {

	/** The name used in {@code PROVIDER_ORDER} and shown with every reply. */
	String name();

	/** The model it asks for by default. */
	String model();

	/**
	 * Answers the conversation, handing each piece of text to {@code pieces} as it
	 * arrives (for streaming), and returns the whole answer, generated as
	 * {@code parameters} ask where the provider can; {@code pieces} throws
	 * {@link ReplyAbandoned} when the caller stopped listening, and the provider then
	 * stops generating.
	 */
	Completion complete(List<ChatMessage> conversation, GenerationParameters parameters, Consumer<String> pieces);

	/**
	 * Checks that the provider can be reached with its key, by listing its models; says
	 * what it found, or throws.
	 */
	default String probe() {
		return "built in";
	}

}
