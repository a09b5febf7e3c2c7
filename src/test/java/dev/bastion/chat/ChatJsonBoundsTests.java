package dev.bastion.chat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonFactoryBuilder;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.jackson.autoconfigure.JacksonProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON reader's bounds follow the chat settings: raised to admit what they let a
 * caller send, never lowered below application.yml's, never set where none was.
 */
class ChatJsonBoundsTests {

	@Test
	void atTheDefaultsTheLongestFieldIsAPromptOf32000Characters() {
		StreamReadConstraints read = constraints(Map.of());
		assertThat(read.getMaxStringLength()).isEqualTo(32_000);
		assertThat(read.getMaxTokenCount()).isEqualTo(10_000);
		assertThat(read.getMaxDocumentLength()).isEqualTo(6 * 32_000 + 64 * 1024);
		assertThat(read.getMaxNestingDepth()).isEqualTo(32);
		assertThat(read.getMaxNameLength()).isEqualTo(200);
		assertThat(read.getMaxNumberLength()).isEqualTo(100);
	}

	@Test
	void raisedChatSettingsRaiseTheBounds() {
		StreamReadConstraints read = constraints(Map.of("bastion.chat.max-context-chars", "100000",
				"bastion.chat.max-message-chars", "120000", "bastion.chat.max-context-messages", "500"));
		assertThat(read.getMaxStringLength()).isEqualTo(120_000);
		assertThat(read.getMaxTokenCount()).isEqualTo(64 * 500 + 1000);
		assertThat(read.getMaxDocumentLength()).isEqualTo(6 * 120_000 + 64 * 1024);
	}

	@Test
	void loweredChatSettingsKeepTheBoundsOfApplicationYml() {
		StreamReadConstraints read = constraints(
				Map.of("bastion.chat.max-context-chars", "2000", "bastion.chat.max-message-chars", "1000"));
		assertThat(read.getMaxStringLength()).isEqualTo(16_384);
		assertThat(read.getMaxTokenCount()).isEqualTo(10_000);
	}

	@Test
	void noBoundIsSetWhereNoneWas() {
		JacksonProperties jackson = yml();
		jackson.getFactory().getConstraints().getRead().setMaxTokenCount(-1);
		jackson.getFactory().getConstraints().getRead().setMaxDocumentLength(-1);
		StreamReadConstraints read = constraints(jackson, Map.of());
		assertThat(read.hasMaxTokenCount()).isFalse();
		assertThat(read.hasMaxDocumentLength()).isFalse();
	}

	private static StreamReadConstraints constraints(Map<String, String> chat) {
		return constraints(yml(), chat);
	}

	private static StreamReadConstraints constraints(JacksonProperties jackson, Map<String, String> chat) {
		ChatProperties properties = new Binder(new MapConfigurationPropertySource(chat)).bindOrCreate("bastion.chat",
				ChatProperties.class);
		JsonFactoryBuilder builder = JsonFactory.builder();
		new ChatJsonBounds(jackson, properties).customize(builder);
		return builder.build().streamReadConstraints();
	}

	/** The read bounds application.yml sets. */
	private static JacksonProperties yml() {
		return new Binder(
				new MapConfigurationPropertySource(Map.of("spring.jackson.factory.constraints.read.max-nesting-depth",
						"32", "spring.jackson.factory.constraints.read.max-string-length", "16384",
						"spring.jackson.factory.constraints.read.max-name-length", "200",
						"spring.jackson.factory.constraints.read.max-number-length", "100",
						"spring.jackson.factory.constraints.read.max-token-count", "10000",
						"spring.jackson.factory.constraints.read.max-document-length", "65536")))
			.bindOrCreate("spring.jackson", JacksonProperties.class);
	}

}
