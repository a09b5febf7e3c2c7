package dev.bastion.chat;

import org.junit.jupiter.api.Test;

import dev.bastion.support.StartupCheck;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chat settings that refuse the start: stored history without a key, an unknown history
 * mode, a model connection without its key or not configured at all, a limit or a
 * duration out of its range (naming the variable and the rule, never the value).
 */
class ChatSettingsTests {

	private static final StartupCheck CHAT = StartupCheck.of(ChatConfiguration.class)
		.creating("conversations", "modelRouter");

	@Test
	void encryptedHistoryWithoutAKeyIsRefusedInAnyMode() {
		CHAT.assertRefused("CHAT_HISTORY_KEY is missing or shorter than 32 characters while CHAT_HISTORY=encrypted",
				"CHAT_HISTORY=encrypted");
		String shown = CHAT.assertRefused(
				"CHAT_HISTORY_KEY is missing or shorter than 32 characters while CHAT_HISTORY=encrypted",
				"CHAT_HISTORY=encrypted", "CHAT_HISTORY_KEY=short-key-1234");
		assertThat(shown).doesNotContain("short-key-1234");
	}

	@Test
	void aHistoryModeThatIsNeitherOffNorEncryptedIsRefused() {
		CHAT.assertRefused("CHAT_HISTORY is neither off nor encrypted", "CHAT_HISTORY=plaintext");
		CHAT.assertRefused("CHAT_HISTORY is neither off nor encrypted", "CHAT_HISTORY=");
	}

	@Test
	void aProviderWithoutItsKeyIsRefusedInProduction() {
		CHAT.inProduction()
			.assertRefused("GEMINI_API_KEY is empty while PROVIDER_ORDER names gemini",
					"PROVIDER_ORDER=gemini,offline");
		CHAT.inProduction()
			.assertRefused("OPENAI_API_KEY is empty while PROVIDER_ORDER names openai",
					"PROVIDER_ORDER=openai,offline");
	}

	@Test
	void aProviderOrderNamingAnUnknownConnectionIsRefused() {
		CHAT.assertRefused("PROVIDER_ORDER names a connection this configuration does not have",
				"PROVIDER_ORDER=claude");
	}

	@Test
	void aLimitOfZeroOrBelowIsRefusedNamingTheVariableButNotTheValue() {
		CHAT.assertRefused("CHAT_MAX_MESSAGE_CHARS must be greater than 0", "CHAT_MAX_MESSAGE_CHARS=0");
		String shown = CHAT.assertRefused("CHAT_MAX_TOKENS must be greater than 0", "CHAT_MAX_TOKENS=-73519");
		shown += CHAT.assertRefused("CHAT_DAILY_TOKEN_BUDGET must be greater than or equal to 0",
				"CHAT_DAILY_TOKEN_BUDGET=-86421");
		assertThat(shown).contains("Change the value, or unset the setting for its default")
			.doesNotContain("73519")
			.doesNotContain("86421");
	}

	@Test
	void aDurationShorterThanAMillisecondIsRefusedAlsoInANestedRecord() {
		CHAT.assertRefused("PROVIDER_TIMEOUT must be longer than or equal to 1 milli", "PROVIDER_TIMEOUT=0s");
		CHAT.assertRefused("CHAT_CACHE_TTL must be longer than or equal to 1 milli", "CHAT_CACHE_TTL=-5m");
		CHAT.assertRefused("CHAT_CACHE_MAX_ENTRIES must be greater than 0", "CHAT_CACHE_MAX_ENTRIES=0");
	}

	@Test
	void aSettingWithoutAVariableIsNamedByItsProperty() {
		CHAT.assertRefused("bastion.chat.history.purge-interval must be longer than or equal to 1 milli",
				"BASTION_CHAT_HISTORY_PURGEINTERVAL=0s");
	}

	@Test
	void everyViolationIsNamedInTheOrderOfTheVariables() {
		CHAT.assertRefused(
				"CHAT_MAX_CONTEXT_MESSAGES must be greater than 0; CHAT_SESSION_IDLE must be longer than or equal to"
						+ " 1 milli",
				"CHAT_SESSION_IDLE=0s", "CHAT_MAX_CONTEXT_MESSAGES=0");
	}

	@Test
	void theDefaultsAndTheDocumentedZerosPass() {
		CHAT.assertStarts();
		// 0: a sixteenth of the heap; 0: only accounts with a budget of their own chat.
		CHAT.inProduction().assertStarts("CHAT_MEMORY_MAX_CHARS=0", "CHAT_DAILY_TOKEN_BUDGET=0");
		CHAT.assertRefused("CHAT_MEMORY_MAX_CHARS must be greater than or equal to 0", "CHAT_MEMORY_MAX_CHARS=-1");
	}

	@Test
	void encryptedHistoryWithAKeyAndKeyedProvidersPass() {
		CHAT.inProduction()
			.assertStarts("CHAT_HISTORY=encrypted", "CHAT_HISTORY_KEY=9f2c4e6a8b0d1f3e5a7c9b2d4f6e8a0c",
					"PROVIDER_ORDER=openai,offline", "OPENAI_API_KEY=sk-test-key");
	}

}
