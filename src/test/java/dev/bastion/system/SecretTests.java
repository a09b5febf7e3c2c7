package dev.bastion.system;

import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class SecretTests {

	record Login(String username, Secret password) {
	}

	@Test
	void toStringNeverShowsTheValueEvenInsideARecord() {
		Login login = new Login("alice", Secret.of("hunter2-correct-horse"));

		assertThat(login.toString()).doesNotContain("hunter2").contains("<redacted>");
		assertThat(String.valueOf(login.password())).isEqualTo("<redacted>");
	}

	@Test
	void readsAndWritesJsonAsAPlainString() {
		JsonMapper json = JsonMapper.builder().build();

		Login login = json.readValue("{\"username\":\"alice\",\"password\":\"s3cret\"}", Login.class);

		assertThat(login.password().reveal()).isEqualTo("s3cret");
		assertThat(json.writeValueAsString(login)).isEqualTo("{\"username\":\"alice\",\"password\":\"s3cret\"}");
	}

	record PlainLogin(String username, @Nullable String password) {
	}

	/** Request records swap String for Secret: odd input must be answered as before. */
	@ParameterizedTest
	@ValueSource(strings = { "null", "123", "true", "{}", "[]", "[\"a\"]", "\"\"" })
	void anyJsonValueIsReadExactlyAsAStringWouldBe(String value) {
		JsonMapper json = JsonMapper.builder().build();
		String body = "{\"username\":\"alice\",\"password\":" + value + "}";

		Object asString = outcome(() -> json.readValue(body, PlainLogin.class).password());
		Object asSecret = outcome(() -> Secret.revealed(json.readValue(body, Login.class).password()));

		assertThat(asSecret).isEqualTo(asString);
	}

	private static Object outcome(Supplier<@Nullable String> read) {
		try {
			return String.valueOf(read.get());
		}
		catch (JacksonException ex) {
			return ex.getClass();
		}
	}

	@Test
	void bindsFromConfiguration() {
		Binder binder = new Binder(new MapConfigurationPropertySource(Map.of("bastion.key", "from-the-environment")));

		assertThat(binder.bind("bastion.key", Secret.class).get().reveal()).isEqualTo("from-the-environment");
	}

	@Test
	void equalsComparesValues() {
		assertThat(Secret.of("a")).isEqualTo(Secret.of("a")).isNotEqualTo(Secret.of("b"));
		assertThat(Secret.of("a")).hasSameHashCodeAs(Secret.of("b"));
	}

}
