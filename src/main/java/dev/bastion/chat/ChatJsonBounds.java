package dev.bastion.chat;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactoryBuilder;

import org.springframework.boot.jackson.autoconfigure.JacksonProperties;
import org.springframework.boot.jackson.autoconfigure.JsonFactoryBuilderCustomizer;
import org.springframework.core.Ordered;

/**
 * Raises the JSON reader's bounds of application.yml, which fit every body outside chat,
 * to what the chat settings let a caller send: the longest message or system prompt
 * ({@code CHAT_MAX_MESSAGE_CHARS}, {@code CHAT_MAX_CONTEXT_CHARS}) as one string, a whole
 * conversation of {@code CHAT_MAX_CONTEXT_MESSAGES} messages in tokens and bytes. An
 * operator who raises those settings gets a reader that still admits them, and nothing
 * beyond: a document the reader refuses is a {@code 400 MALFORMED_REQUEST}.
 */
final class ChatJsonBounds implements JsonFactoryBuilderCustomizer, Ordered {

	/**
	 * At most six bytes a character, written as a JSON escape (a backslash, u, four hex
	 * digits).
	 */
	static final int BYTES_PER_CHAR = 6;

	/** Field names, roles, parameters and white space around the messages. */
	static final long FRAMING_BYTES = 64 * 1024;

	/** A message with its role, a few content parts and names. */
	static final long TOKENS_PER_MESSAGE = 64;

	static final long FRAMING_TOKENS = 1000;

	private final JacksonProperties jackson;

	private final ChatProperties chat;

	ChatJsonBounds(JacksonProperties jackson, ChatProperties chat) {
		this.jackson = jackson;
		this.chat = chat;
	}

	@Override
	public void customize(JsonFactoryBuilder builder) {
		JacksonProperties.Factory.Constraints.Read read = this.jackson.getFactory().getConstraints().getRead();
		int longest = Math.max(this.chat.maxMessageChars(), this.chat.maxContextChars());
		long tokens = TOKENS_PER_MESSAGE * this.chat.maxContextMessages() + FRAMING_TOKENS;
		long bytes = (long) BYTES_PER_CHAR * longest + FRAMING_BYTES;
		builder.streamReadConstraints(StreamReadConstraints.builder()
			.maxNestingDepth(read.getMaxNestingDepth())
			.maxNameLength(read.getMaxNameLength())
			.maxNumberLength(read.getMaxNumberLength())
			.maxStringLength((int) raised(read.getMaxStringLength(), longest))
			.maxTokenCount(raised(read.getMaxTokenCount(), tokens))
			.maxDocumentLength(raised(read.getMaxDocumentLength(), bytes))
			.build());
	}

	/** A bound raised to {@code needed}; zero or less (no bound) stays as it is. */
	private static long raised(long configured, long needed) {
		return (configured <= 0) ? configured : Math.max(configured, needed);
	}

	/** After Spring Boot's own, which it replaces. */
	@Override
	public int getOrder() {
		return 1;
	}

}
