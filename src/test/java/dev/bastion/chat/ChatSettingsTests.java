package dev.bastion.chat;

import org.junit.jupiter.api.Test;

import dev.bastion.support.StartupCheck;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chat settings that refuse the start: stored history without a key, an unknown history
 * mode, a model connection without its key or not configured at all.
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
	void encryptedHistoryWithAKeyAndKeyedProvidersPass() {
		CHAT.inProduction()
			.assertStarts("CHAT_HISTORY=encrypted", "CHAT_HISTORY_KEY=9f2c4e6a8b0d1f3e5a7c9b2d4f6e8a0c",
					"PROVIDER_ORDER=openai,offline", "OPENAI_API_KEY=sk-test-key");
	}

}
