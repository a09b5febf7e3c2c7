package dev.bastion.system;

import java.util.Map;

import org.junit.jupiter.api.Test;
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
