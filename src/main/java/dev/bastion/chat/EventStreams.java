package dev.bastion.chat;

import java.io.IOException;

import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter.SseEventBuilder;

import dev.bastion.chat.provider.ReplyAbandoned;

/** Sending a streamed reply's events. */
final class EventStreams {

	private EventStreams() {
	}

	/**
	 * Sends one event, or throws {@link ReplyAbandoned} when it can no longer reach the
	 * client: the connection failed ({@link IOException}), or the stream had already
	 * ended (Spring's {@link IllegalStateException}: it timed out, or an earlier write
	 * failed). Either way the provider is not at fault, so the reply is stopped without
	 * counting against its circuit or falling back to another provider.
	 */
	static void send(SseEmitter emitter, SseEventBuilder event) {
		try {
			emitter.send(event);
		}
		catch (IOException | IllegalStateException ex) {
			throw new ReplyAbandoned(ex);
		}
	}

}
