package dev.bastion.system;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documented variables reach their properties: a variable that is set wins over
 * {@code application*.yml}, even when empty; one that is unset leaves the file's value,
 * or nothing, so that the record's {@code @DefaultValue} applies.
 */
class EnvironmentVariablesTests {

	private final StandardEnvironment environment = new StandardEnvironment();

	EnvironmentVariablesTests() {
		this.environment.getPropertySources()
			.addFirst(new MapPropertySource("variables",
					Map.of("JWT_ACCESS_TOKEN_EXPIRES", "2h", "MAIL_FROM", "", "MAX_REQUEST_SIZE", "5MB",
							"JWT_SECRET_KEY", "k3y-with-${nothing-like-this}-inside-it-0123456789")));
		this.environment.getPropertySources()
			.addLast(new MapPropertySource("Config resource 'class path resource [application-production.yml]'",
					Map.of("bastion.auth.access-token-ttl", "9h", "bastion.account.registration", "approval")));
		new EnvironmentVariables().postProcessEnvironment(this.environment, new SpringApplication());
		ConfigurationPropertySources.attach(this.environment);
	}

	@Test
	void aSetVariableWinsOverTheConfigurationFiles() {
		assertThat(Binder.get(this.environment).bind("bastion.auth.access-token-ttl", Duration.class).get())
			.isEqualTo(Duration.ofHours(2));
	}

	@Test
	void anUnsetVariableLeavesTheFileOrTheRecordDefault() {
		assertThat(this.environment.getProperty("bastion.account.registration")).isEqualTo("approval");
		assertThat(this.environment.containsProperty("bastion.auth.max-api-keys")).isFalse();
		assertThat(Binder.get(this.environment).bind("bastion.auth.max-api-keys", Integer.class).isBound()).isFalse();
	}

	@Test
	void aVariableSetEmptyIsEmptyNotUnset() {
		assertThat(this.environment.getProperty("bastion.auth.mail-from")).isEmpty();
	}

	@Test
	void oneVariableMaySetSeveralProperties() {
		assertThat(this.environment.getProperty("bastion.web.max-request-size")).isEqualTo("5MB");
		assertThat(this.environment.getProperty("bastion.chat.voice.max-bytes")).isEqualTo("5MB");
	}

	/**
	 * A secret or a prompt may hold {@code $}{@code {...}}: it is taken as written, never
	 * a start-up failure whose message would quote the value.
	 */
	@Test
	void aValueWithAnUnresolvablePlaceholderBindsAsWritten() {
		assertThat(Binder.get(this.environment).bind("bastion.auth.jwt-secret-key", String.class).get())
			.isEqualTo("k3y-with-${nothing-like-this}-inside-it-0123456789");
	}

	@Test
	void everyVariableIsNamedForTheRefusalsOfItsProperties() {
		EnvironmentVariables.VARIABLES.forEach((variable, properties) -> properties
			.forEach((property) -> assertThat(EnvironmentVariables.variable(property)).isEqualTo(variable)));
	}

}
