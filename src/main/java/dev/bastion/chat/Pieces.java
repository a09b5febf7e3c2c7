package dev.bastion.chat;

import dev.bastion.chat.provider.ReplyAbandoned;

/** Where the pieces of an answer go, each with the model that is writing it. */
@FunctionalInterface
interface Pieces {

	/**
	 * Takes one piece; throws {@link ReplyAbandoned} when nobody listens any more.
	 */
	void accept(String model, String piece);

}
