package dev.bastion.chat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.TaskExecutor;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.bastion.chat.ChatService.Caller;
import dev.bastion.chat.ChatService.Turn;
import dev.bastion.system.BastionException;
import dev.bastion.crypto.Secrets;

/**
 * {@code /v1/models} and {@code /v1/chat/completions} in the OpenAI shapes, so existing
 * OpenAI clients and SDKs work unchanged with a Bastion API key (or access token) as
 * their key. Stateless: the client sends the conversation; bounds, the budget and the
 * reply cache still apply. {@code model} chooses the model (or alias) among those the
 * caller may use; an unknown or forbidden one is {@code 404 MODEL_NOT_FOUND}. OpenAI's
 * generation parameters are passed on, and what Bastion cannot honour is refused by name
 * (see {@link CompletionRequest}).
 */
@RestController
class OpenAiCompatibleController {

	private static final long STREAM_TIMEOUT_MILLIS = 120_000;

	private static final int PSEUDONYM_CHARS = 32;

	private final ChatService chat;

	private final Secrets secrets;

	private final AllowedModels allowed;

	/**
	 * Boot's executor (virtual threads): the request id travels with each streamed reply.
	 */
	private final TaskExecutor streams;

	OpenAiCompatibleController(ChatService chat, Secrets secrets, AllowedModels allowed,
			@Qualifier("applicationTaskExecutor") TaskExecutor streams) {
		this.chat = chat;
		this.secrets = secrets;
		this.allowed = allowed;
		this.streams = streams;
	}

	/** The models and aliases the caller may choose. */
	@GetMapping("/v1/models")
	Map<String, Object> models(Authentication authentication) {
		return Map.of("object", "list", "data",
				this.allowed.models(caller(authentication))
					.stream()
					.map((id) -> Map.of("id", id, "object", "model", "created", 0, "owned_by", "bastion"))
					.toList());
	}

	@PostMapping(path = "/v1/chat/completions")
	Object completions(Authentication authentication, @RequestBody(required = false) @Nullable JsonNode body) {
		UUID accountId = UUID.fromString(authentication.getName());
		CompletionRequest request = CompletionRequest.of(body, (user) -> pseudonym(accountId, user));
		Turn turn = this.chat.prepareStateless(caller(authentication), request.messages(),
				TurnOptions.of(request.cache(), request.parameters(), request.model()));
		String id = "chatcmpl-" + UUID.randomUUID();
		long created = Instant.now().getEpochSecond();
		if (!request.stream()) {
			ChatReply reply = turn.answer((piece) -> {
			});
			return Map.of("id", id, "object", "chat.completion", "created", created, "model", reply.model(), "choices",
					List.of(Map.of("index", 0, "message", Map.of("role", "assistant", "content", reply.reply()),
							"finish_reason", "stop")),
					"usage", reply.usage());
		}
		SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT_MILLIS);
		this.streams.execute(() -> stream(turn, emitter, new Chunks(id, created), request.includeUsage()));
		return emitter;
	}

	private static Caller caller(Authentication authentication) {
		return Caller.account(UUID.fromString(authentication.getName()), ChatController.roles(authentication));
	}

	/**
	 * What the provider sees as {@code user}: a keyed hash of the account and the
	 * caller's value, so that the provider can tell end users apart (for its abuse
	 * monitoring) without learning who they are, and no caller can pass for another
	 * account's users.
	 */
	private String pseudonym(UUID accountId, String user) {
		return "bastion-"
				+ this.secrets.hash("openai-user\u0000" + accountId + "\u0000" + user).substring(0, PSEUDONYM_CHARS);
	}

	/**
	 * Streams the answer as OpenAI does: one id, one {@code created}, and the model that
	 * writes the answer, on every chunk; the role on the first; a usage chunk with no
	 * choices at the end when asked for.
	 */
	private static void stream(Turn turn, SseEmitter emitter, Chunks chunks, boolean includeUsage) {
		try {
			ChatReply reply = turn.answer((model, piece) -> send(emitter, chunks.piece(model, piece)));
			send(emitter, chunks.finish(reply.model()));
			if (includeUsage) {
				send(emitter, chunks.usage(reply.usage()));
			}
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

	/** The chunks of one streamed completion. */
	private static final class Chunks {

		private final String id;

		private final long created;

		private @Nullable String model;

		Chunks(String id, long created) {
			this.id = id;
			this.created = created;
		}

		/** The model of the first piece names every chunk after it. */
		Map<String, Object> piece(String model, String piece) {
			boolean first = this.model == null;
			if (first) {
				this.model = model;
			}
			return chunk(first ? Map.of("role", "assistant", "content", piece) : Map.of("content", piece), null);
		}

		Map<String, Object> finish(String answeredBy) {
			if (this.model == null) {
				this.model = answeredBy;
			}
			return chunk(Map.of(), "stop");
		}

		/** After {@link #finish}: OpenAI's usage chunk, with no choices. */
		Map<String, Object> usage(ChatReply.TokenUsage usage) {
			return Map.of("id", this.id, "object", "chat.completion.chunk", "created", this.created, "model",
					String.valueOf(this.model), "choices", List.of(), "usage", usage);
		}

		private Map<String, Object> chunk(Map<String, String> delta, @Nullable String finishReason) {
			Map<String, Object> choice = new LinkedHashMap<>();
			choice.put("index", 0);
			choice.put("delta", delta);
			choice.put("finish_reason", finishReason);
			return Map.of("id", this.id, "object", "chat.completion.chunk", "created", this.created, "model",
					String.valueOf(this.model), "choices", List.of(choice));
		}

	}

	private static void send(SseEmitter emitter, Object data) {
		EventStreams.send(emitter, SseEmitter.event()
			.data(data, (data instanceof String) ? MediaType.TEXT_PLAIN : MediaType.APPLICATION_JSON));
	}

}
