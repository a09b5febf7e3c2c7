package dev.bastion.chat.provider;

import java.util.List;
import java.util.function.Consumer;

/**
 * A language model back-end.
 */
public interface ChatProvider {

	/**
	 * The connection's name: used in {@code PROVIDER_ORDER}, shown with every reply and
	 * recorded with its usage.
	 */
	String name();

	/** The model it asks for when none is chosen. */
	String model();

	/**
	 * The models the connection offers, as its server lists them (for {@code auto});
	 * throws when it cannot be asked.
	 */
	default List<String> listModels() {
		return List.of(model());
	}

	/**
	 * Answers the conversation with {@code model}, handing each piece of text to
	 * {@code pieces} as it arrives (for streaming), and returns the whole answer,
	 * generated as {@code parameters} ask where the provider can; {@code pieces} throws
	 * {@link ReplyAbandoned} when the caller stopped listening, and the provider then
	 * stops generating.
	 */
	Completion complete(String model, List<ChatMessage> conversation, GenerationParameters parameters,
			Consumer<String> pieces);

	/**
	 * Checks that the provider can be reached with its key, by listing its models; says
	 * what it found, or throws.
	 */
	default String probe() {
		return "built in";
	}

}
