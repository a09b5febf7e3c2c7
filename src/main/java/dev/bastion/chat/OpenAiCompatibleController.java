package dev.bastion.chat;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.bastion.chat.ChatService.Caller;
import dev.bastion.chat.ChatService.Turn;
import dev.bastion.chat.provider.ChatMessage;
import dev.bastion.chat.provider.ReplyAbandoned;
import dev.bastion.system.BastionException;
import dev.bastion.system.InvalidInputException;

/**
 * {@code /v1/models} and {@code /v1/chat/completions} in the OpenAI shapes, so existing
 * OpenAI clients and SDKs work unchanged with a Bastion API key (or access token) as
 * their key. Stateless: the client sends the conversation; bounds and the budget still
 * apply.
 */
@RestController
class OpenAiCompatibleController {

	private static final long STREAM_TIMEOUT_MILLIS = 120_000;

	private static final List<String> ROLES = List.of("system", "user", "assistant");

	private final ChatService chat;

	OpenAiCompatibleController(ChatService chat) {
		this.chat = chat;
	}

	@GetMapping("/v1/models")
	Map<String, Object> models() {
		return Map.of("object", "list", "data",
				this.chat.models()
					.stream()
					.distinct()
					.map((id) -> Map.of("id", id, "object", "model", "created", 0, "owned_by", "bastion"))
					.toList());
	}

	@PostMapping(path = "/v1/chat/completions")
	Object completions(Authentication authentication, HttpServletRequest request, @RequestBody CompletionRequest body) {
		Turn turn = this.chat.prepareStateless(Caller.account(UUID.fromString(authentication.getName())),
				messages(body), body.options());
		String id = "chatcmpl-" + UUID.randomUUID();
		long created = Instant.now().getEpochSecond();
		if (!Boolean.TRUE.equals(body.stream())) {
			ChatReply reply = turn.answer((piece) -> {
			});
			return Map.of("id", id, "object", "chat.completion", "created", created, "model", reply.model(), "choices",
					List.of(Map.of("index", 0, "message", Map.of("role", "assistant", "content", reply.reply()),
							"finish_reason", "stop")),
					"usage", reply.usage());
		}
		SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT_MILLIS);
		Thread.ofVirtual().start(() -> stream(turn, emitter, id, created));
		return emitter;
	}

	private static void stream(Turn turn, SseEmitter emitter, String id, long created) {
		try {
			turn.answer(
					(piece) -> send(emitter, chunk(id, created, Map.of("role", "assistant", "content", piece), null)));
			send(emitter, chunk(id, created, Map.of(), "stop"));
			send(emitter, "[DONE]");
			emitter.complete();
		}
		catch (BastionException ex) {
			String type = ex.code().status().is4xxClientError() ? "invalid_request_error" : "server_error";
			send(emitter, Map.of("error", Map.of("message", ex.getMessage(), "type", type, "code",
					ex.code().name().toLowerCase(java.util.Locale.ROOT))));
			emitter.complete();
		}
		catch (RuntimeException ex) {
			emitter.completeWithError(ex);
		}
	}

	private static Map<String, Object> chunk(String id, long created, Map<String, String> delta,
			@Nullable String finish) {
		Map<String, Object> choice = new LinkedHashMap<>();
		choice.put("index", 0);
		choice.put("delta", delta);
		choice.put("finish_reason", finish);
		return Map.of("id", id, "object", "chat.completion.chunk", "created", created, "model", "bastion", "choices",
				List.of(choice));
	}

	private static void send(SseEmitter emitter, Object data) {
		try {
			emitter.send(SseEmitter.event()
				.data(data, (data instanceof String) ? MediaType.TEXT_PLAIN : MediaType.APPLICATION_JSON));
		}
		catch (IOException ex) {
			throw new ReplyAbandoned(ex);
		}
	}

	private static List<ChatMessage> messages(CompletionRequest body) {
		List<Message> messages = body.messages();
		if (messages == null) {
			throw new InvalidInputException("messages", "is required");
		}
		return messages.stream().map((message) -> {
			String role = message.role();
			String content = message.content();
			if (role == null || !ROLES.contains(role) || content == null) {
				throw new InvalidInputException("messages", "each needs a role (system, user, assistant) and content");
			}
			return new ChatMessage(role, content);
		}).toList();
	}

	/**
	 * The request of OpenAI clients. They send many optional fields (temperature, n,
	 * stream_options...): unknown ones are ignored here, unlike in the rest of the API.
	 * {@code max_tokens} (or the newer {@code max_completion_tokens}) is bounded;
	 * {@code cache: false} is Bastion's own, to bypass the reply cache.
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record CompletionRequest(@Nullable String model, @Nullable List<Message> messages, @Nullable Boolean stream,
			@Nullable Integer maxTokens, @Nullable Integer maxCompletionTokens, @Nullable Boolean cache) {

		ChatService.Options options() {
			return ChatService.Options.of(this.cache,
					(this.maxTokens != null) ? this.maxTokens : this.maxCompletionTokens);
		}

		@Override
		public String toString() {
			return "CompletionRequest[model=" + this.model + "]";
		}

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Message(@Nullable String role, @Nullable String content) {

		@Override
		public String toString() {
			return "Message[role=" + this.role + "]";
		}

	}

}
