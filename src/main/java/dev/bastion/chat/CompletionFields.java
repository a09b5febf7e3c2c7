package dev.bastion.chat;

import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;

import dev.bastion.system.InvalidInputException;

/**
 * Which top-level fields of an OpenAI chat-completion request Bastion takes, and which it
 * refuses. As OpenAI itself answers an unrecognised argument with 400, every field that
 * is neither honoured nor known to be harmless is refused with 400 naming it: no request
 * is answered as if a field that would change the answer had not been sent. A field set
 * to {@code null}, an empty list or object, or its neutral value ({@code n: 1},
 * {@code logprobs: false}, {@code tool_choice: "none"}, {@code response_format: {"type":
 * "text"}}, {@code modalities: ["text"]}) asks for nothing and is accepted.
 */
final class CompletionFields {

	/** Fields read by {@link CompletionRequest}. */
	static final Set<String> HONOURED = Set.of("model", "messages", "stream", "stream_options", "temperature", "top_p",
			"stop", "max_tokens", "max_completion_tokens", "seed", "presence_penalty", "frequency_penalty", "user",
			"cache");

	/**
	 * Fields that do not change the answer, accepted and not passed on: {@code store} and
	 * {@code metadata} would ask the provider to keep the conversation (Bastion never
	 * does), {@code parallel_tool_calls} only matters with tools, which are refused.
	 */
	static final Set<String> HARMLESS = Set.of("store", "metadata", "parallel_tool_calls");

	/** Fields accepted only with the value that asks for nothing. */
	private static final Map<String, Predicate<JsonNode>> NEUTRAL = Map.of("n",
			(value) -> value.isIntegralNumber() && value.canConvertToInt() && value.intValue() == 1, "logprobs",
			(value) -> value.isBoolean() && !value.booleanValue(), "tools", CompletionFields::emptyList, "functions",
			CompletionFields::emptyList, "tool_choice", CompletionFields::none, "function_call", CompletionFields::none,
			"response_format",
			(value) -> value.isObject() && value.size() == 1 && "text".equals(value.path("type").asString("")),
			"modalities", (value) -> value.isArray() && value.size() == 1 && "text".equals(value.get(0).asString("")));

	private static final Map<String, String> WHY = Map.of("n", "must be 1: Bastion returns one choice", "logprobs",
			"is not supported", "tools", "is not supported: Bastion does not call tools", "functions",
			"is not supported: Bastion does not call functions", "tool_choice",
			"is not supported: Bastion does not call tools", "function_call",
			"is not supported: Bastion does not call functions", "response_format",
			"only {\"type\": \"text\"} is supported", "modalities", "only [\"text\"] is supported");

	private static final int LONGEST_NAME = 64;

	private CompletionFields() {
	}

	/**
	 * Refuses, naming it, the first field that asks for something Bastion does not do.
	 */
	static void refuseUnsupported(JsonNode body) {
		for (Map.Entry<String, JsonNode> field : body.properties()) {
			String name = field.getKey();
			JsonNode value = field.getValue();
			if (HONOURED.contains(name) || HARMLESS.contains(name) || asksForNothing(value)) {
				continue;
			}
			Predicate<JsonNode> neutral = NEUTRAL.get(name);
			if (neutral == null) {
				throw new InvalidInputException(shortened(name), "is not supported");
			}
			if (!neutral.test(value)) {
				throw new InvalidInputException(name, WHY.getOrDefault(name, "is not supported with this value"));
			}
		}
	}

	/** Absent in all but name: {@code null}, {@code []} or {@code {}}. */
	static boolean asksForNothing(JsonNode value) {
		return value.isNull() || ((value.isArray() || value.isObject()) && value.isEmpty());
	}

	private static boolean emptyList(JsonNode value) {
		return value.isArray() && value.isEmpty();
	}

	private static boolean none(JsonNode value) {
		return "none".equals(value.asString(""));
	}

	/** A field name is the caller's: named back, but never at any length. */
	private static String shortened(String name) {
		return (name.length() <= LONGEST_NAME) ? name : name.substring(0, LONGEST_NAME) + "...";
	}

}
