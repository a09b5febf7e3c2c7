package dev.bastion.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.bastion.crypto.MasterSecret;
import dev.bastion.support.Launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Starts of the whole application: a refusal as the operator sees it (the failure
 * analysis in the output), good settings that start, the development secret and the
 * listening-address warning. Each setting's own refusals are tested without a start, in
 * its module ({@code *SettingsTests}, through {@link dev.bastion.support.StartupCheck}).
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupRefusalTests {

	static final String GOOD_SECRET = "4f1c9a7e2b8d6035c1e9f7a2b4d8c6e0a3f5b7d9";

	@Test
	void productionWithoutSecretKeyRefusesToStart(CapturedOutput output) {
		assertRefused(output, "SECRET_KEY is missing", true);
	}

	@Test
	void anUnknownHistoryModeRefusesToStartNamingTheVariable(CapturedOutput output) {
		// A converter's refusal while binding a record, named by SettingRefusals: the
		// analyzer must win over Spring Boot's own analysis of a bind failure.
		assertRefused(output, "CHAT_HISTORY is neither off nor encrypted", false, "CHAT_HISTORY=plaintext");
	}

	@Test
	void aValueOutOfItsRangeRefusesToStartNamingTheVariableButNotTheValue(CapturedOutput output) {
		// A record's constraint, named by SettingRefusals: Spring Boot's own analysis of
		// the violation would print the value.
		assertRefused(output, "CHAT_MAX_MESSAGE_CHARS must be greater than 0", false, "CHAT_MAX_MESSAGE_CHARS=-73519");
		assertThat(output).doesNotContain("73519");
	}

	@Test
	void anOldSettingNameInAConfigurationFileRefusesToStart(CapturedOutput output, @TempDir Path directory)
			throws Exception {
		Path file = Files.writeString(directory.resolve("application.yml"),
				"bastion:\n  chat:\n    require-auth: false\n");
		assertRefused(output, "bastion.chat.require-auth is no longer read: the setting is now REQUIRE_AUTH", true,
				"SECRET_KEY=" + GOOD_SECRET, "SPRING_CONFIG_ADDITIONAL_LOCATION=file:" + file);
	}

	@Test
	void aMisspeltSettingRefusesToStart(CapturedOutput output) {
		assertRefused(output, "bastion.web.requre-auth is not a setting Bastion knows", false,
				"SPRING_APPLICATION_JSON={\"bastion\":{\"web\":{\"requre-auth\":false}}}");
	}

	@Test
	void developmentStartsWithThoseAndProductionWithARandomJwtSecretKey() {
		try (ConfigurableApplicationContext context = start(false,
				"JWT_SECRET_KEY=your-jwt-secret-key-change-me-in-production", "PUBLIC_URL=http://127.0.0.1:8080")) {
			assertThat(context.isRunning()).isTrue();
		}
		try (ConfigurableApplicationContext context = start(true, "SECRET_KEY=" + GOOD_SECRET,
				"JWT_SECRET_KEY=7d2f9b4c1e8a6035f2c9e7a1b4d8c6e0a3f5b7d9c2e4")) {
			assertThat(context.isRunning()).isTrue();
		}
	}

	@Test
	void productionWithSecretFromFileStarts(@TempDir Path directory) throws Exception {
		Path file = Files.writeString(directory.resolve("secret"), GOOD_SECRET + "\n");
		try (ConfigurableApplicationContext context = start(true, "SECRET_KEY_FILE=" + file)) {
			assertThat(context.getBean(MasterSecret.class).bytes()).isEqualTo(GOOD_SECRET.getBytes());
		}
	}

	@Test
	void developmentWithoutSecretGeneratesOneKeepsItOwnerOnlyAndReusesIt(CapturedOutput output, @TempDir Path data)
			throws Exception {
		byte[] first;
		try (ConfigurableApplicationContext context = start(false, "DATA_DIR=" + data)) {
			first = context.getBean(MasterSecret.class).bytes();
			assertThat(output).contains("SECRET_KEY is not set: generated a development secret in");
		}
		Path file = data.resolve("secret.key");
		assertThat(java.nio.file.Files.getPosixFilePermissions(file))
			.isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
		try (ConfigurableApplicationContext context = start(false, "DATA_DIR=" + data)) {
			assertThat(context.getBean(MasterSecret.class).bytes()).isEqualTo(first).hasSize(64);
			assertThat(output).contains("using the generated development secret in");
		}
	}

	@Test
	void listeningOnEveryInterfaceIsWarnedAbout(CapturedOutput output) {
		// On a host: an empty `container` variable, whatever the test's environment says.
		try (ConfigurableApplicationContext context = start(false, "SERVER_ADDRESS=0.0.0.0", "container=")) {
			assertThat(output).contains("SERVER_ADDRESS=0.0.0.0 makes Bastion reachable on every network interface");
		}
	}

	@Test
	void defaultAddressIsLoopbackAndNothingIsWarned(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start(false, "SECRET_KEY=" + GOOD_SECRET)) {
			assertThat(context.getEnvironment().getProperty("server.address")).isEqualTo("127.0.0.1");
			assertThat(output).doesNotContain("every network interface").doesNotContain("SECRET_KEY is not set");
		}
	}

	private static void assertRefused(CapturedOutput output, String reason, boolean production, String... properties) {
		assertThatThrownBy(() -> start(production, properties).close()).hasStackTraceContaining(reason);
		assertThat(output).contains("Bastion refuses to start: " + reason + ".");
	}

	/** In production with an https:// PUBLIC_URL unless the variables name another. */
	private static ConfigurableApplicationContext start(boolean production, String... variables) {
		Map<String, String> environment = new HashMap<>();
		for (String variable : variables) {
			environment.put(variable.substring(0, variable.indexOf('=')),
					variable.substring(variable.indexOf('=') + 1));
		}
		if (!production) {
			return Launcher.start(environment);
		}
		environment.putIfAbsent("PUBLIC_URL", "https://bastion.example.org");
		return Launcher.start(environment, "production");
	}

}
