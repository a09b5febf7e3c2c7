package dev.bastion.system;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DeploymentEnvironmentTests {

	MockEnvironment environment = new MockEnvironment();

	MockEnvironment apply() {
		new DeploymentEnvironment().postProcessEnvironment(this.environment, new SpringApplication());
		return this.environment;
	}

	@Test
	void postgresUrlBecomesJdbcUrlWithDecodedCredentials() {
		this.environment.setProperty("DATABASE_URL",
				"postgres://bastion:p%40ss%3Aword@db.internal:6543/bastion?sslmode=require");
		MockEnvironment result = apply();
		assertThat(result.getProperty("spring.datasource.url"))
			.isEqualTo("jdbc:postgresql://db.internal:6543/bastion?sslmode=require");
		assertThat(result.getProperty("spring.datasource.username")).isEqualTo("bastion");
		assertThat(result.getProperty("spring.datasource.password")).isEqualTo("p@ss:word");
	}

	@Test
	void postgresUrlWithoutPortUsesTheDefault() {
		this.environment.setProperty("DATABASE_URL", "postgresql://db/bastion");
		assertThat(apply().getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://db:5432/bastion");
	}

	@Test
	void jdbcUrlIsTakenAsItIsWithPasswordFromItsOwnVariable() {
		this.environment.setProperty("DATABASE_URL", "jdbc:postgresql://db:5432/bastion");
		this.environment.setProperty("DATABASE_PASSWORD", "from-env");
		MockEnvironment result = apply();
		assertThat(result.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://db:5432/bastion");
		assertThat(result.getProperty("spring.datasource.password")).isEqualTo("from-env");
	}

	@Test
	void otherDatabaseUrlsAreRefusedWithoutEchoingThem() {
		this.environment.setProperty("DATABASE_URL", "mysql://root:topsecret@db/bastion");
		assertThatExceptionOfType(InsecureConfigurationException.class).isThrownBy(this::apply)
			.withMessage("DATABASE_URL is neither a JDBC URL nor a postgres:// URL")
			.withMessageNotContaining("topsecret");
		this.environment.setProperty("DATABASE_URL", "postgres://user:topsecret@/");
		assertThatExceptionOfType(InsecureConfigurationException.class).isThrownBy(this::apply)
			.withMessageNotContaining("topsecret");
	}

	@Test
	void secretsAreReadFromFilesWithoutTheTrailingNewline(@TempDir Path directory) throws Exception {
		Path key = Files.writeString(directory.resolve("openai"), "sk-test-123\n");
		Path url = Files.writeString(directory.resolve("db"), "postgres://u:pw@db/bastion\n");
		this.environment.setProperty("OPENAI_API_KEY_FILE", key.toString());
		this.environment.setProperty("DATABASE_URL_FILE", url.toString());
		MockEnvironment result = apply();
		assertThat(result.getProperty("OPENAI_API_KEY")).isEqualTo("sk-test-123");
		assertThat(result.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://db:5432/bastion");
		assertThat(result.getProperty("spring.datasource.password")).isEqualTo("pw");
	}

	@Test
	void unreadableSecretFileIsRefused(@TempDir Path directory) {
		this.environment.setProperty("SECRET_KEY_FILE", directory.resolve("missing").toString());
		assertThatExceptionOfType(InsecureConfigurationException.class).isThrownBy(this::apply)
			.satisfies((ex) -> assertThat(ex.variable()).isEqualTo("SECRET_KEY_FILE"));
	}

	@Test
	void tlsFilesSwitchOnTheServersTlsBundleWithModernSettings() {
		this.environment.setProperty("TLS_CERT_FILE", "/etc/bastion/cert.pem");
		this.environment.setProperty("TLS_KEY_FILE", "/etc/bastion/key.pem");
		MockEnvironment result = apply();
		assertThat(result.getProperty("server.ssl.bundle")).isEqualTo("bastion-server");
		assertThat(result.getProperty("spring.ssl.bundle.pem.bastion-server.keystore.certificate"))
			.isEqualTo("file:/etc/bastion/cert.pem");
		assertThat(result.getProperty("spring.ssl.bundle.pem.bastion-server.options.enabled-protocols"))
			.isEqualTo("TLSv1.3,TLSv1.2");
		assertThat(result.getProperty("spring.ssl.bundle.pem.bastion-server.options.ciphers")).doesNotContain("CBC")
			.doesNotContain("TLS_RSA_WITH_");
	}

	@Test
	void halfATlsConfigurationIsRefused() {
		this.environment.setProperty("TLS_CERT_FILE", "/etc/bastion/cert.pem");
		assertThatExceptionOfType(InsecureConfigurationException.class).isThrownBy(this::apply)
			.withMessage("TLS_KEY_FILE is missing");
	}

	@Test
	void logFormatIsTextInDevelopmentJsonInProductionAndCanBeChosen() {
		assertThat(apply().getProperty("logging.structured.format.console")).isEmpty();
		this.environment = new MockEnvironment();
		this.environment.setActiveProfiles("production");
		assertThat(apply().getProperty("logging.structured.format.console")).isEqualTo("ecs");
		this.environment = new MockEnvironment().withProperty("LOG_FORMAT", "JSON");
		assertThat(apply().getProperty("logging.structured.format.console")).isEqualTo("ecs");
		this.environment = new MockEnvironment().withProperty("LOG_FORMAT", "xml");
		assertThatExceptionOfType(InsecureConfigurationException.class).isThrownBy(this::apply)
			.withMessage("LOG_FORMAT must be json or text");
	}

}
