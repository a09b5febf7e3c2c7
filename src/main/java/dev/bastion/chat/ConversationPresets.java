package dev.bastion.chat;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import dev.bastion.chat.ChatService.Caller;
import dev.bastion.chat.ChatService.Turn;
import dev.bastion.chat.provider.ChatMessage;
import dev.bastion.chat.provider.GenerationParameters;

/**
 * Which preset a chat turn uses: the one it names ({@code preset_id}, the caller's own
 * only: 404 PRESET_NOT_FOUND otherwise, anonymous callers having none), which the
 * conversation then remembers; otherwise the one its conversation remembers (none once
 * that preset was deleted). The preset's system prompt replaces CHAT_SYSTEM_PROMPT, its
 * model and temperature apply unless the request gives its own.
 */
@Component
class ConversationPresets {

	private final Presets presets;

	private final Conversations conversations;

	ConversationPresets(Presets presets, Conversations conversations) {
		this.presets = presets;
		this.conversations = conversations;
	}

	/** Checks the preset named, or finds the conversation's, before any work. */
	Choice choose(Caller caller, @Nullable UUID sessionId, @Nullable UUID presetId) {
		UUID accountId = caller.accountId();
		if (presetId != null) {
			if (accountId == null) {
				throw Presets.notFound();
			}
			return new Choice(caller, this.presets.get(accountId, presetId), true);
		}
		if (accountId == null || sessionId == null) {
			return new Choice(caller, null, false);
		}
		Optional<Preset> remembered = this.conversations.preset(sessionId, caller)
			.flatMap((id) -> this.presets.find(accountId, id));
		return new Choice(caller, remembered.orElse(null), false);
	}

	/**
	 * {@code prompt} first, unless it is empty or the context brings its own system
	 * message.
	 */
	static List<ChatMessage> withSystemPrompt(List<ChatMessage> context, @Nullable String prompt) {
		if (prompt == null || prompt.isEmpty() || context.stream().anyMatch((m) -> m.role().equals("system"))) {
			return context;
		}
		return Stream.concat(Stream.of(new ChatMessage("system", prompt)), context.stream()).toList();
	}

	/** The preset of one turn, if any. */
	final class Choice {

		private final Caller caller;

		private final @Nullable Preset preset;

		private final boolean named;

		private Choice(Caller caller, @Nullable Preset preset, boolean named) {
			this.caller = caller;
			this.preset = preset;
			this.named = named;
		}

		/** The request's options, completed by the preset's. */
		TurnOptions applyTo(TurnOptions options) {
			Preset preset = this.preset;
			if (preset == null) {
				return options;
			}
			String model = (options.model() != null) ? options.model() : preset.model();
			return new TurnOptions(options.cache(), withTemperature(options.parameters(), preset.temperature()), model,
					preset.systemPrompt());
		}

		/** Has the turn's conversation remember a preset the request named. */
		void remember(Turn turn) {
			UUID session = turn.session();
			Preset preset = this.preset;
			if (this.named && preset != null && session != null) {
				ConversationPresets.this.conversations.choosePreset(session, this.caller, preset.id());
			}
		}

		private static GenerationParameters withTemperature(GenerationParameters asked, @Nullable Double preset) {
			if (asked.temperature() != null || preset == null) {
				return asked;
			}
			return new GenerationParameters(preset, asked.topP(), asked.stop(), asked.maxTokens(),
					asked.maxCompletionTokens(), asked.seed(), asked.presencePenalty(), asked.frequencyPenalty(),
					asked.user());
		}

	}

}
