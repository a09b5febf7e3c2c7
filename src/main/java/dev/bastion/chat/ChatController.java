package dev.bastion.chat;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.TaskExecutor;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.bastion.chat.ChatService.Caller;
import dev.bastion.chat.ChatService.Turn;
import dev.bastion.chat.provider.GenerationParameters;
import dev.bastion.chat.provider.ReplyAbandoned;
import dev.bastion.system.BastionException;
import dev.bastion.system.InvalidInputException;

/**
 * {@code /api/v1/sessions} and {@code /api/v1/chat}: a reply as JSON, or streamed as
 * server-sent events ({@code token} pieces, then {@code done}) with
 * {@code Accept: text/event-stream}.
 */
@RestController
class ChatController {

	private static final Logger logger = LoggerFactory.getLogger(ChatController.class);

	private static final long STREAM_TIMEOUT_MILLIS = 120_000;

	private static final int MAX_QUERY_CHARS = 200;

	private static final int MAX_TITLE_CHARS = 100;

	private static final String ROLE_PREFIX = "ROLE_";

	private final ChatService chat;

	private final Conversations conversations;

	private final AllowedModels allowed;

	private final ConversationPresets presets;

	/**
	 * Boot's executor (virtual threads): the request id travels with each streamed reply.
	 */
	private final TaskExecutor streams;

	ChatController(ChatService chat, Conversations conversations, AllowedModels allowed, ConversationPresets presets,
			@Qualifier("applicationTaskExecutor") TaskExecutor streams) {
		this.chat = chat;
		this.conversations = conversations;
		this.allowed = allowed;
		this.presets = presets;
		this.streams = streams;
	}

	@PostMapping("/api/v1/sessions")
	ResponseEntity<Map<String, UUID>> start(@Nullable Authentication authentication, HttpServletRequest request) {
		UUID session = this.conversations.start(caller(authentication, request));
		return ResponseEntity.created(URI.create("/api/v1/sessions/" + session)).body(Map.of("session_id", session));
	}

	@PostMapping(path = "/api/v1/chat", produces = MediaType.APPLICATION_JSON_VALUE)
	ChatReply chat(@Nullable Authentication authentication, HttpServletRequest request, @RequestBody ChatRequest body) {
		return turn(authentication, request, body).answer((piece) -> {
		});
	}

	@PostMapping(path = "/api/v1/chat", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter stream(@Nullable Authentication authentication, HttpServletRequest request,
			@RequestBody ChatRequest body) {
		Turn turn = turn(authentication, request, body);
		SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT_MILLIS);
		this.streams.execute(() -> stream(turn, emitter));
		return emitter;
	}

	/**
	 * The models and aliases the caller may choose, the default first (absent when the
	 * caller may not use it).
	 */
	@GetMapping("/api/v1/models")
	Map<String, Object> models(Authentication authentication, HttpServletRequest request) {
		Caller caller = caller(authentication, request);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("default", this.allowed.defaultModel(caller));
		body.put("models", this.allowed.models(caller));
		return body;
	}

	/** The caller's stored conversations; with {@code query}, those that contain it. */
	@GetMapping("/api/v1/sessions")
	Map<String, List<Conversations.Summary>> conversations(Authentication authentication,
			@RequestParam(required = false) @Nullable String query) {
		if (query != null && (query.isBlank() || query.length() > MAX_QUERY_CHARS)) {
			throw new InvalidInputException("query", "must be 1 to " + MAX_QUERY_CHARS + " characters");
		}
		return Map.of("sessions", (query == null) ? this.conversations.list(accountId(authentication))
				: this.conversations.search(accountId(authentication), query));
	}

	@PatchMapping("/api/v1/sessions/{id}")
	ResponseEntity<Void> rename(Authentication authentication, @PathVariable UUID id, @RequestBody RenameRequest body) {
		this.conversations.rename(id, accountId(authentication), body.checkedTitle());
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/api/v1/sessions/{id}/messages")
	Map<String, Object> messages(Authentication authentication, @PathVariable UUID id) {
		Conversations.Transcript transcript = this.conversations.messages(id, accountId(authentication));
		return Map.of("session_id", id, "messages", transcript.messages(), "unreadable", transcript.unreadable());
	}

	@DeleteMapping("/api/v1/sessions/{id}")
	ResponseEntity<Void> forget(Authentication authentication, @PathVariable UUID id) {
		this.conversations.delete(id, accountId(authentication));
		return ResponseEntity.noContent().build();
	}

	/**
	 * A new message, or with {@code regenerate} another answer to the conversation's last
	 * one (never from the cache: the point is a different answer), with the preset named
	 * or the conversation's.
	 */
	private Turn turn(@Nullable Authentication authentication, HttpServletRequest request, ChatRequest body) {
		Caller caller = caller(authentication, request);
		ConversationPresets.Choice preset = this.presets.choose(caller, body.sessionId(), body.presetId());
		Turn turn = prepare(caller, body, preset.applyTo(body.options()));
		preset.remember(turn);
		return turn;
	}

	private Turn prepare(Caller caller, ChatRequest body, TurnOptions options) {
		if (!Boolean.TRUE.equals(body.regenerate())) {
			return this.chat.prepare(caller, body.sessionId(), body.message(), options);
		}
		if (body.sessionId() == null) {
			throw new InvalidInputException("session_id", "is required to regenerate an answer");
		}
		if (body.message() != null) {
			throw new InvalidInputException("message", "must be absent when regenerating an answer");
		}
		return this.chat.regenerate(caller, body.sessionId(), options.withoutCache());
	}

	private static UUID accountId(Authentication authentication) {
		return UUID.fromString(authentication.getName());
	}

	private void stream(Turn turn, SseEmitter emitter) {
		try {
			ChatReply reply = turn.answer((piece) -> send(emitter, "token", Map.of("text", piece)));
			send(emitter, "done", Map.of("session_id", reply.sessionId(), "provider", reply.provider(), "model",
					reply.model(), "cached", reply.cached(), "usage", reply.usage()));
			emitter.complete();
		}
		catch (BastionException ex) {
			send(emitter, "error", Map.of("code", ex.code().name(), "detail", ex.getMessage()));
			emitter.complete();
		}
		catch (ReplyAbandoned ex) {
			logger.debug("The client stopped a streamed reply");
			emitter.completeWithError(ex);
		}
		catch (RuntimeException ex) {
			logger.warn("A streamed reply ended early: {}", ex.getClass().getSimpleName());
			emitter.completeWithError(ex);
		}
	}

	private static void send(SseEmitter emitter, String event, Object data) {
		EventStreams.send(emitter, SseEmitter.event().name(event).data(data, MediaType.APPLICATION_JSON));
	}

	static Caller caller(@Nullable Authentication authentication, HttpServletRequest request) {
		if (authentication == null || !authentication.isAuthenticated()) {
			return new Caller(null, "address:" + request.getRemoteAddr(), Set.of());
		}
		return Caller.account(UUID.fromString(authentication.getName()), roles(authentication));
	}

	/** {@code ROLE_ADMIN} as {@code admin}: the names MODELS_FILE's rules use. */
	static Set<String> roles(Authentication authentication) {
		return authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.filter((authority) -> authority != null && authority.startsWith(ROLE_PREFIX))
			.map((authority) -> authority.substring(ROLE_PREFIX.length()).toLowerCase(Locale.ROOT))
			.collect(Collectors.toUnmodifiableSet());
	}

	/**
	 * A chat message; {@code cache: false} asks for a fresh answer, {@code max_tokens}
	 * bounds its length, {@code model} (a model or an alias) chooses who answers,
	 * {@code temperature} (0 to 2) how freely, {@code preset_id} one of the caller's
	 * presets for this conversation, {@code regenerate} asks again instead (see
	 * {@link #turn}).
	 */
	record ChatRequest(@Nullable String message, @Nullable UUID sessionId, @Nullable Boolean cache,
			@Nullable Integer maxTokens, @Nullable String model, @Nullable Boolean regenerate, @Nullable UUID presetId,
			@Nullable Double temperature) {

		TurnOptions options() {
			return TurnOptions.of(this.cache, new GenerationParameters(this.temperature, null, List.of(),
					this.maxTokens, null, null, null, null, null), this.model);
		}

		@Override
		public String toString() {
			return "ChatRequest[session=" + this.sessionId + "]";
		}

	}

	/** A conversation's new title: 1 to 100 characters, no control characters. */
	record RenameRequest(@Nullable String title) {

		String checkedTitle() {
			String stripped = (this.title != null) ? this.title.strip() : "";
			if (stripped.isEmpty() || stripped.length() > MAX_TITLE_CHARS
					|| stripped.chars().anyMatch(Character::isISOControl)) {
				throw new InvalidInputException("title",
						"must be 1 to " + MAX_TITLE_CHARS + " characters, without control characters");
			}
			return stripped;
		}

		@Override
		public String toString() {
			return "RenameRequest[]";
		}

	}

}
