package dev.bastion.chat.provider;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;

/** Hands each piece on as it arrives; cancels the stream once nobody waits for it. */
final class StreamedAnswer implements StreamingChatResponseHandler {

	final CompletableFuture<ChatResponse> done = new CompletableFuture<>();

	/** Set once nobody waits for the answer any more (timeout, interruption). */
	final AtomicBoolean abandoned = new AtomicBoolean();

	private final Consumer<String> pieces;

	StreamedAnswer(Consumer<String> pieces) {
		this.pieces = pieces;
	}

	@Override
	public void onPartialResponse(PartialResponse piece, PartialResponseContext context) {
		if (this.abandoned.get()) {
			context.streamingHandle().cancel();
			return;
		}
		try {
			this.pieces.accept(piece.text());
		}
		catch (ReplyAbandoned ex) {
			context.streamingHandle().cancel();
			this.done.completeExceptionally(ex);
		}
	}

	@Override
	public void onCompleteResponse(ChatResponse response) {
		this.done.complete(response);
	}

	@Override
	public void onError(Throwable error) {
		this.done.completeExceptionally(error);
	}

}
