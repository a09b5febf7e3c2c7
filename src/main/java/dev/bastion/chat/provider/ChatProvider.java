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
	 * arrives (for streaming), and returns the whole answer.
	 */
	Completion complete(List<ChatMessage> conversation, Consumer<String> pieces);

}
