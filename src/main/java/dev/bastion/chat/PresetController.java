package dev.bastion.chat;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.bastion.chat.ChatService.Caller;
import dev.bastion.chat.provider.ModelRouter;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;
import dev.bastion.system.InvalidInputException;

/**
 * {@code /api/v1/users/me/presets}: the caller's own presets. An API key may read them
 * (it chats with them); creating, replacing and deleting one needs a login, as every
 * change to the account does.
 */
@RestController
@RequestMapping("/api/v1/users/me/presets")
class PresetController {

	static final int MAX_NAME_CHARS = 100;

	static final int MAX_MODEL_CHARS = 256;

	private static final double MAX_TEMPERATURE = 2;

	private final Presets presets;

	private final ModelRouter router;

	private final AllowedModels allowed;

	private final ChatProperties properties;

	PresetController(Presets presets, ModelRouter router, AllowedModels allowed, ChatProperties properties) {
		this.presets = presets;
		this.router = router;
		this.allowed = allowed;
		this.properties = properties;
	}

	@GetMapping
	Map<String, Object> list(Authentication authentication) {
		List<Preset> presets = this.presets.list(accountId(authentication));
		return Map.of("presets", presets, "max", this.presets.max());
	}

	@PostMapping
	ResponseEntity<Preset> create(Authentication authentication, HttpServletRequest request,
			@RequestBody PresetRequest body) {
		Preset preset = this.presets.create(accountId(authentication), checked(body, authentication, request));
		return ResponseEntity.created(URI.create("/api/v1/users/me/presets/" + preset.id())).body(preset);
	}

	@GetMapping("/{id}")
	Preset get(Authentication authentication, @PathVariable UUID id) {
		return this.presets.get(accountId(authentication), id);
	}

	@PutMapping("/{id}")
	Preset replace(Authentication authentication, HttpServletRequest request, @PathVariable UUID id,
			@RequestBody PresetRequest body) {
		return this.presets.replace(accountId(authentication), id, checked(body, authentication, request));
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(Authentication authentication, @PathVariable UUID id) {
		this.presets.delete(accountId(authentication), id);
		return ResponseEntity.noContent().build();
	}

	/**
	 * The request's fields within their bounds, and its model one the caller may use (404
	 * MODEL_NOT_FOUND alike for an unknown and a forbidden one, as in chat).
	 */
	private Presets.Fields checked(PresetRequest body, Authentication authentication, HttpServletRequest request) {
		Presets.Fields fields = body.checked(this.properties.maxContextChars());
		String model = fields.model();
		Caller caller = ChatController.caller(authentication, request);
		if (model != null && this.router.route(model, caller.roles())
			.filter((route) -> this.allowed.permit(caller, route))
			.isEmpty()) {
			throw new BastionException(ErrorCode.MODEL_NOT_FOUND,
					"No model of this name is available to you; GET /api/v1/models lists those that are.");
		}
		return fields;
	}

	private static UUID accountId(Authentication authentication) {
		return UUID.fromString(authentication.getName());
	}

	/**
	 * A preset as sent: {@code name} 1 to 100 characters without control characters,
	 * {@code system_prompt} 1 to CHAT_MAX_CONTEXT_CHARS characters, {@code model}
	 * optional (absent or blank: the default), {@code temperature} optional, 0 to 2.
	 */
	record PresetRequest(@Nullable String name, @Nullable String model, @Nullable String systemPrompt,
			@Nullable Double temperature) {

		Presets.Fields checked(int maxPromptChars) {
			Map<String, String> errors = new LinkedHashMap<>();
			String name = (this.name != null) ? this.name.strip() : "";
			if (name.isEmpty() || name.length() > MAX_NAME_CHARS || name.chars().anyMatch(Character::isISOControl)) {
				errors.put("name", "must be 1 to " + MAX_NAME_CHARS + " characters, without control characters");
			}
			String prompt = (this.systemPrompt != null) ? this.systemPrompt.strip() : "";
			if (prompt.isEmpty() || prompt.length() > maxPromptChars) {
				errors.put("system_prompt", "must be 1 to " + maxPromptChars + " characters");
			}
			String model = (this.model != null && !this.model.isBlank()) ? this.model.strip() : null;
			if (model != null && model.length() > MAX_MODEL_CHARS) {
				errors.put("model", "must be at most " + MAX_MODEL_CHARS + " characters");
			}
			Double temperature = this.temperature;
			if (temperature != null && (temperature.isNaN() || temperature < 0 || temperature > MAX_TEMPERATURE)) {
				errors.put("temperature", "must be between 0 and " + (int) MAX_TEMPERATURE);
			}
			if (!errors.isEmpty()) {
				throw new InvalidInputException(errors);
			}
			return new Presets.Fields(name, model, prompt, temperature);
		}

		@Override
		public String toString() {
			return "PresetRequest[]";
		}

	}

}
