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
 * The service refuses to start when a setting would leave it unsafe, and says which
 * variable to fix without echoing its value.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupRefusalTests {

	static final String GOOD_SECRET = "4f1c9a7e2b8d6035c1e9f7a2b4d8c6e0a3f5b7d9";

	@Test
	void productionWithoutSecretKeyRefusesToStart(CapturedOutput output) {
		assertRefused(output, "SECRET_KEY is missing", true);
	}

	@Test
	void productionWithShortSecretKeyRefusesToStart(CapturedOutput output) {
		assertRefused(output, "SECRET_KEY is shorter than 32 bytes", true, "SECRET_KEY=s3cr3t-but-too-short-x9");
		assertThat(output).doesNotContain("s3cr3t-but-too-short-x9");
	}

	@Test
	void productionWithPlaceholderSecretKeyRefusesToStart(CapturedOutput output) {
		assertRefused(output, "SECRET_KEY looks like a placeholder", true,
				"SECRET_KEY=change-me-to-a-long-random-value-please");
		assertRefused(output, "SECRET_KEY looks like a placeholder", true,
				"SECRET_KEY=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	}

	@Test
	void productionWithAPlaceholderJwtSecretKeyRefusesToStart(CapturedOutput output) {
		assertRefused(output, "JWT_SECRET_KEY looks like a placeholder, not a random secret", true,
				"SECRET_KEY=" + GOOD_SECRET, "JWT_SECRET_KEY=your-jwt-secret-key-change-me-in-production");
		assertRefused(output, "JWT_SECRET_KEY looks like a placeholder, not a random secret", true,
				"SECRET_KEY=" + GOOD_SECRET, "JWT_SECRET_KEY=0101010101010101010101010101010101010101");
		assertThat(output).doesNotContain("your-jwt-secret-key-change-me-in-production")
			.doesNotContain("0101010101010101010101010101010101010101");
	}

	@Test
	void productionWithAPublicUrlThatIsNotHttpsRefusesToStart(CapturedOutput output) {
		assertRefused(output, "PUBLIC_URL is not an https:// address in production", true, "SECRET_KEY=" + GOOD_SECRET,
				"PUBLIC_URL=http://bastion.example.org");
		assertRefused(output, "PUBLIC_URL is not an absolute URL with a host name", true, "SECRET_KEY=" + GOOD_SECRET,
				"PUBLIC_URL=bastion.example.org");
	}

	@Test
	void productionWithAPublicUrlThatNamesNoPasskeyRelyingPartyRefusesToStart(CapturedOutput output) {
		// WebAuthn takes a domain name as relying-party id, never an IP address.
		assertRefused(output, "PUBLIC_URL names no relying party for passkeys", true, "SECRET_KEY=" + GOOD_SECRET,
				"PUBLIC_URL=https://203.0.113.7");
		assertRefused(output, "PUBLIC_URL names no relying party for passkeys", true, "SECRET_KEY=" + GOOD_SECRET,
				"PUBLIC_URL=https://[2001:db8::7]:8443");
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
	void productionWithRateLimitingOffRefusesToStart(CapturedOutput output) {
		assertRefused(output, "RATE_LIMIT_ENABLED is false in production", true, "SECRET_KEY=" + GOOD_SECRET,
				"RATE_LIMIT_ENABLED=false");
	}

	@Test
	void wildcardCorsWithCredentialsRefusesToStartInAnyMode(CapturedOutput output) {
		assertRefused(output, "ALLOWED_ORIGINS is '*' while CORS_ALLOW_CREDENTIALS is true", false, "ALLOWED_ORIGINS=*",
				"CORS_ALLOW_CREDENTIALS=true");
		assertRefused(output, "ALLOWED_ORIGINS is '*' while CORS_ALLOW_CREDENTIALS is true", true,
				"SECRET_KEY=" + GOOD_SECRET, "ALLOWED_ORIGINS=https://a.example, *", "CORS_ALLOW_CREDENTIALS=true");
	}

	@Test
	void encryptedHistoryWithoutAKeyRefusesToStartInAnyMode(CapturedOutput output) {
		assertRefused(output, "CHAT_HISTORY_KEY is missing or shorter than 32 characters", false,
				"CHAT_HISTORY=encrypted");
		assertRefused(output, "CHAT_HISTORY_KEY is missing or shorter than 32 characters", false,
				"CHAT_HISTORY=encrypted", "CHAT_HISTORY_KEY=short-key-1234");
		assertThat(output).doesNotContain("short-key-1234");
		assertRefused(output, "CHAT_HISTORY is neither off nor encrypted", false, "CHAT_HISTORY=plaintext");
		assertRefused(output, "CHAT_HISTORY is neither off nor encrypted", false, "CHAT_HISTORY=");
	}

	@Test
	void aGeminiProviderWithoutItsKeyRefusesToStartInProduction(CapturedOutput output) {
		assertRefused(output, "GEMINI_API_KEY is empty while PROVIDER_ORDER names gemini", true,
				"SECRET_KEY=" + GOOD_SECRET, "PROVIDER_ORDER=gemini,offline");
	}

	@Test
	void invalidTrustedProxiesRefusesToStart(CapturedOutput output) {
		assertRefused(output, "TRUSTED_PROXIES contains an entry that is not an IP or CIDR", false,
				"TRUSTED_PROXIES=10.0.0.0/8,proxy.internal");
		assertRefused(output, "TRUSTED_PROXIES contains an entry that is not an IP or CIDR", false,
				"TRUSTED_PROXIES=10.0.0.0/33");
	}

	@Test
	void productionWithAProviderWithoutItsKeyRefusesToStart(CapturedOutput output) {
		assertRefused(output, "OPENAI_API_KEY is empty while PROVIDER_ORDER names openai", true,
				"SECRET_KEY=" + GOOD_SECRET, "PROVIDER_ORDER=openai,offline");
		assertRefused(output, "PROVIDER_ORDER names a connection this configuration does not have", false,
				"PROVIDER_ORDER=claude");
	}

	@Test
	void anUnknownRegistrationModeRefusesToStartNamingTheVariable(CapturedOutput output) {
		assertRefused(output, "REGISTRATION must be open, approval, invite or closed", false,
				"REGISTRATION=invite-only");
		assertRefused(output, "REGISTRATION must be open, approval, invite or closed", true,
				"SECRET_KEY=" + GOOD_SECRET, "REGISTRATION=");
	}

	@Test
	void redirectPortWithoutBuiltInTlsRefusesToStart(CapturedOutput output) {
		assertRefused(output, "HTTP_PORT is set but Bastion does not terminate TLS", false, "HTTP_PORT=0");
	}

	@Test
	void secretGivenTwiceRefusesToStart(CapturedOutput output, @TempDir Path directory) throws Exception {
		Path file = Files.writeString(directory.resolve("secret"), GOOD_SECRET + "\n");
		assertRefused(output, "SECRET_KEY is set both directly and through SECRET_KEY_FILE", false,
				"SECRET_KEY=" + GOOD_SECRET, "SECRET_KEY_FILE=" + file);
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

	@Test
	void halfASingleSignOnConfigurationRefusesToStart(CapturedOutput output) {
		assertRefused(output, "OIDC_ISSUER is missing while single sign-on is configured", false,
				"OIDC_CLIENT_ID=bastion", "OIDC_CLIENT_SECRET=sso-client-secret-not-echoed");
		assertRefused(output, "OIDC_CLIENT_SECRET is missing while single sign-on is configured", false,
				"OIDC_ISSUER=https://login.example.org", "OIDC_CLIENT_ID=bastion");
		assertThat(output).doesNotContain("sso-client-secret-not-echoed");
	}

	@Test
	void productionWithAPlainHttpSingleSignOnIssuerRefusesToStart(CapturedOutput output) {
		assertRefused(output, "OIDC_ISSUER must be an https URL without query or fragment", true,
				"SECRET_KEY=" + GOOD_SECRET, "OIDC_ISSUER=http://login.example.org", "OIDC_CLIENT_ID=bastion",
				"OIDC_CLIENT_SECRET=sso-client-secret");
	}

	@Test
	void aRoleClaimWithoutAdminValuesRefusesToStart(CapturedOutput output) {
		assertRefused(output, "OIDC_ADMIN_VALUES is empty while OIDC_ROLE_CLAIM is set", false,
				"OIDC_ISSUER=https://login.example.org", "OIDC_CLIENT_ID=bastion",
				"OIDC_CLIENT_SECRET=sso-client-secret", "OIDC_ROLE_CLAIM=groups");
	}

	@Test
	void localLoginOffWithoutSingleSignOnRefusesToStart(CapturedOutput output) {
		assertRefused(output, "LOCAL_LOGIN is false while single sign-on is not configured", false,
				"LOCAL_LOGIN=false");
	}

	private static void assertRefused(CapturedOutput output, String reason, boolean production, String... properties) {
		assertThatThrownBy(() -> start(production, properties).close()).hasStackTraceContaining(reason);
		assertThat(output).contains("Bastion refuses to start: " + reason);
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
