package dev.bastion.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.bastion.chat.provider.ChatMessage;
import dev.bastion.chat.provider.GenerationParameters;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;
import dev.bastion.system.InvalidInputException;

/**
 * A {@code POST /v1/chat/completions} body, read field by field so that each wrong or
 * unsupported field is refused by its name (see {@link CompletionFields}). Types and
 * ranges are OpenAI's, except where Bastion is narrower: {@code seed} must fit 32 bits
 * (its clients take no more), {@code user} is at most {@value #LONGEST_USER} characters.
 * {@code model} chooses the model or alias (the default when absent); the response names
 * the model that answered.
 *
 * @param messages the conversation, {@code developer} messages as system ones, text parts
 * joined
 * @param stream whether the answer streams as server-sent events
 * @param includeUsage whether a streamed answer ends with a usage chunk
 * @param cache Bastion's own: {@code false} bypasses the reply cache
 * @param parameters how to generate, {@code user} already a pseudonym
 * @param model the model or alias asked for, if any
 */
record CompletionRequest(List<ChatMessage> messages, boolean stream, boolean includeUsage, @Nullable Boolean cache,
		GenerationParameters parameters, @Nullable String model) {

	static final int LONGEST_USER = 256;

	private static final int LONGEST_MODEL = 256;

	private static final List<String> ROLES = List.of("system", "developer", "user", "assistant");

	/**
	 * Reads and checks {@code body}; the caller's {@code user}, when given, is passed on
	 * only as {@code pseudonym} makes it.
	 */
	static CompletionRequest of(@Nullable JsonNode body, UnaryOperator<String> pseudonym) {
		if (body == null || !body.isObject()) {
			throw new BastionException(ErrorCode.MALFORMED_REQUEST, "The body must be a JSON object.");
		}
		CompletionFields.refuseUnsupported(body);
		String model = text(body, "model", LONGEST_MODEL);
		boolean stream = flag(body, "stream");
		JsonNode options = present(body, "stream_options");
		if (options != null && !stream) {
			throw new InvalidInputException("stream_options", "is only allowed when stream is true");
		}
		boolean includeUsage = options != null && flag(options, "include_usage", "stream_options.include_usage");
		String user = text(body, "user", LONGEST_USER);
		GenerationParameters parameters = new GenerationParameters(number(body, "temperature"), number(body, "top_p"),
				stop(body), integer(body, "max_tokens"), integer(body, "max_completion_tokens"), integer(body, "seed"),
				number(body, "presence_penalty"), number(body, "frequency_penalty"),
				(user != null) ? pseudonym.apply(user) : null);
		JsonNode cache = present(body, "cache");
		return new CompletionRequest(messages(body), stream, includeUsage, (cache != null) ? flag(body, "cache") : null,
				parameters, model);
	}

	private static List<ChatMessage> messages(JsonNode body) {
		JsonNode messages = present(body, "messages");
		if (messages == null || !messages.isArray()) {
			throw new InvalidInputException("messages", "is required, as a list");
		}
		List<ChatMessage> conversation = new ArrayList<>();
		for (int i = 0; i < messages.size(); i++) {
			conversation.add(message(messages.get(i), "messages[" + i + "]"));
		}
		return conversation;
	}

	private static ChatMessage message(JsonNode message, String field) {
		String role = message.path("role").asString("");
		if (!message.isObject() || !ROLES.contains(role)) {
			throw new InvalidInputException(field, "needs a role (system, developer, user, assistant) and content");
		}
		for (String name : message.propertyNames()) {
			if (!name.equals("role") && !name.equals("content")
					&& !CompletionFields.asksForNothing(message.get(name))) {
				throw new InvalidInputException(field + "." + name, "is not supported");
			}
		}
		return new ChatMessage(role.equals("developer") ? "system" : role,
				content(message.path("content"), field + ".content"));
	}

	/**
	 * Text, or a list of text parts joined by new lines; image, audio and file parts are
	 * refused.
	 */
	private static String content(JsonNode content, String field) {
		if (content.isString()) {
			return content.stringValue();
		}
		if (!content.isArray() || content.isEmpty()) {
			throw new InvalidInputException(field, "must be text or a list of text parts");
		}
		List<String> texts = new ArrayList<>();
		for (int i = 0; i < content.size(); i++) {
			JsonNode part = content.get(i);
			String type = part.path("type").asString("");
			if (!type.equals("text")) {
				throw new InvalidInputException(field + "[" + i + "].type",
						"only text parts are supported (no image, audio or file parts)");
			}
			if (!part.path("text").isString()) {
				throw new InvalidInputException(field + "[" + i + "].text", "must be text");
			}
			texts.add(part.path("text").stringValue());
		}
		return String.join("\n", texts);
	}

	/** OpenAI's {@code stop}: one sequence, or a list of them. */
	private static List<String> stop(JsonNode body) {
		JsonNode stop = present(body, "stop");
		if (stop == null) {
			return List.of();
		}
		if (stop.isString()) {
			return List.of(stop.stringValue());
		}
		List<String> sequences = new ArrayList<>();
		for (JsonNode sequence : stop.isArray() ? stop.values() : List.of(stop)) {
			if (!sequence.isString()) {
				throw new InvalidInputException("stop",
						"must be text or a list of up to " + GenerationParameters.MAX_STOP_SEQUENCES + " texts");
			}
			sequences.add(sequence.stringValue());
		}
		return sequences;
	}

	/** The field's value, or {@code null} when absent or {@code null}. */
	private static @Nullable JsonNode present(JsonNode body, String field) {
		JsonNode value = body.get(field);
		return (value == null || value.isNull()) ? null : value;
	}

	private static @Nullable Double number(JsonNode body, String field) {
		JsonNode value = present(body, field);
		if (value == null) {
			return null;
		}
		if (!value.isNumber()) {
			throw new InvalidInputException(field, "must be a number");
		}
		return value.doubleValue();
	}

	private static @Nullable Integer integer(JsonNode body, String field) {
		JsonNode value = present(body, field);
		if (value == null) {
			return null;
		}
		if (!value.isIntegralNumber() || !value.canConvertToInt()) {
			throw new InvalidInputException(field,
					"must be a whole number between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE);
		}
		return value.intValue();
	}

	private static @Nullable String text(JsonNode body, String field, int longest) {
		JsonNode value = present(body, field);
		if (value == null) {
			return null;
		}
		if (!value.isString() || value.stringValue().length() > longest) {
			throw new InvalidInputException(field, "must be text of at most " + longest + " characters");
		}
		return value.stringValue();
	}

	private static boolean flag(JsonNode body, String field) {
		return flag(body, field, field);
	}

	private static boolean flag(JsonNode body, String field, String name) {
		JsonNode value = present(body, field);
		if (value == null) {
			return false;
		}
		if (!value.isBoolean()) {
			throw new InvalidInputException(name, "must be true or false");
		}
		return value.booleanValue();
	}

	@Override
	public String toString() {
		return "CompletionRequest[" + this.messages.size() + " messages, stream=" + this.stream + "]";
	}

}
