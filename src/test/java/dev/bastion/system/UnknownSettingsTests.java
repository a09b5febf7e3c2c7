package dev.bastion.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bastion.support.StartupCheck;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code bastion.*} setting that no configuration record reads refuses the start,
 * wherever it is set, naming it as written and never echoing its value: Spring would
 * ignore it, and the operator would run without the setting they meant.
 */
class UnknownSettingsTests {

	private static final StartupCheck START = StartupCheck.of();

	@TempDir
	Path directory;

	@Test
	void anOldNameInAConfigurationFileIsRefusedNamingTheNewSetting() throws IOException {
		String shown = START.assertRefused("bastion.auth.local-login is no longer read: the setting is now LOCAL_LOGIN",
				file("old.yml", "bastion:\n  auth:\n    local-login: false-not-echoed\n"));
		assertThat(shown).contains("Set LOCAL_LOGIN instead, and remove bastion.auth.local-login.")
			.doesNotContain("false-not-echoed");
		START.inProduction()
			.assertRefused(
					"bastion.auth.local-login-break-glass is no longer read: the setting is now"
							+ " LOCAL_LOGIN_BREAK_GLASS",
					file("old.properties", "bastion.auth.local-login-break-glass=root\n"));
	}

	@Test
	void anOldNameAsARelaxedEnvironmentVariableIsRefused() {
		START.assertRefused("BASTION_CHAT_REQUIRE_AUTH is no longer read: the setting is now REQUIRE_AUTH",
				"BASTION_CHAT_REQUIRE_AUTH=false");
		START.assertRefused("BASTION_CHAT_REQUIREAUTH is no longer read: the setting is now REQUIRE_AUTH",
				"BASTION_CHAT_REQUIREAUTH=false");
	}

	@Test
	void aMisspeltSettingIsRefused() throws IOException {
		String shown = START.assertRefused("bastion.web.requre-auth is not a setting Bastion knows",
				file("typo.properties", "bastion.web.requre-auth=off-not-echoed\n"));
		assertThat(shown).doesNotContain("off-not-echoed");
		START.assertRefused("BASTION_WEB_REQUIRE_AUTHENTICATION is not a setting Bastion knows",
				"BASTION_WEB_REQUIRE_AUTHENTICATION=false");
	}

	@Test
	void aSettingUnderAPrefixNoRecordHasIsRefused() throws IOException {
		START.assertRefused("bastion.ratelimits.enabled is not a setting Bastion knows",
				file("typo.yml", "bastion:\n  ratelimits:\n    enabled: false\n"));
	}

	@Test
	void environmentVariablesOutsideTheRecordsPrefixesAreNotBastionsToJudge() {
		// The image's own build argument, say: the environment is shared.
		START.assertStarts("BASTION_JVM_OPTIONS=-Xmx192m", "BASTION_PORT=8080");
		// Kubernetes' links to a Service named bastion-sso, beside Bastion in its
		// namespace.
		START.assertStarts("BASTION_SSO_SERVICE_HOST=10.0.0.7", "BASTION_SSO_SERVICE_PORT=8080",
				"BASTION_SSO_SERVICE_PORT_HTTP=8080", "BASTION_SSO_PORT=tcp://10.0.0.7:8080",
				"BASTION_SSO_PORT_8080_TCP=tcp://10.0.0.7:8080", "BASTION_SSO_PORT_8080_TCP_ADDR=10.0.0.7");
	}

	@Test
	void aSectionWithEverythingCommentedOutPassesButAValueInItsPlaceIsRefused() throws IOException {
		START.assertStarts(file("empty.yml", "bastion:\n  web:\n    # require-auth: false\n  chat:\n"));
		String shown = START.assertRefused("bastion.secrets is not a setting Bastion knows",
				file("flat.yml", "bastion:\n  secrets: secret-key:value-not-echoed\n"));
		assertThat(shown).doesNotContain("value-not-echoed");
	}

	@Test
	void aValueTypedIntoTheNameIsNotShown() throws IOException {
		String shown = START.assertRefused("bastion.web.requre-auth is not a setting Bastion knows",
				file("colon.properties", "bastion.web.requre-auth\\:off-not-echoed=x\n"));
		assertThat(shown).doesNotContain("off-not-echoed");
	}

	@Test
	void everySpellingSpringBindsToAKnownSettingPasses() throws IOException {
		START.assertStarts("BASTION_WEB_REQUIRE_AUTH=false", "BASTION_WEB_REQUIREAUTH=false",
				"BASTION_SSO_SCOPES_0=openid",
				file("known.properties",
						"bastion.web.requireAuth=false\nbastion.web.allowed-origins[0]=https://a.example\n"
								+ "bastion.chat.gemini.model=gemini-2.5-pro\nbastion.chat.voice.temp-dir=/tmp/voice\n"));
	}

	@Test
	void lazyInitializationIsRefusedBecauseTheStartUpChecksWouldNotRun() throws IOException {
		START.inProduction()
			.assertRefused(
					"SPRING_MAIN_LAZY_INITIALIZATION is true, which would leave Bastion's start-up checks of unsafe"
							+ " settings unrun",
					"SPRING_MAIN_LAZY_INITIALIZATION=true");
		START.assertRefused(
				"SPRING_MAIN_LAZY_INITIALIZATION is true, which would leave Bastion's start-up checks of unsafe"
						+ " settings unrun",
				file("lazy.yml", "spring:\n  main:\n    lazy-initialization: true\n"));
		START.assertStarts("SPRING_MAIN_LAZY_INITIALIZATION=false");
	}

	@Test
	void theShippedConfigurationPassesInEveryMode() {
		START.assertStarts();
		START.inProduction().assertStarts();
	}

	@Test
	void everyDocumentedVariableSetsAKnownSetting() {
		assertThat(EnvironmentVariables.VARIABLES.values().stream().flatMap(java.util.List::stream))
			.allMatch(UnknownSettings::isKnownProperty);
	}

	/** A configuration file read as well as application.yml, as an operator adds one. */
	private String file(String name, String content) throws IOException {
		Path file = Files.writeString(this.directory.resolve(name), content);
		return "SPRING_CONFIG_ADDITIONAL_LOCATION=file:" + file;
	}

}
