package dev.bastion.system;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.SimpleTypeConverter;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.core.convert.converter.Converter;
import org.springframework.util.ClassUtils;

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
	void aNameUnderASettingOfOneValueIsRefused() throws IOException {
		// SECRET_KEY_FILE is a documented variable; under bastion.secrets.secret-key
		// it is bound to nothing, and the secret would be generated instead.
		String shown = START.assertRefused("BASTION_SECRETS_SECRET_KEY_FILE is not a setting Bastion knows",
				"BASTION_SECRETS_SECRET_KEY_FILE=/run/secrets/not-echoed");
		assertThat(shown).doesNotContain("not-echoed");
		START.assertRefused("bastion.chat.max-message-chars.foo is not a setting Bastion knows",
				file("under.properties", "bastion.chat.max-message-chars.foo=1\n"));
		START.assertRefused("bastion.ratelimit.chat.limit is not a setting Bastion knows",
				file("under.yml", "bastion:\n  ratelimit:\n    chat:\n      limit: 5/1m\n"));
		// Spring would build this limit field by field, past the converter that refuses a
		// count of 0: a limit is written as one value, 10/1m, or not at all.
		START.assertRefused("BASTION_RATELIMIT_CHAT_LIMITS_0_COUNT is not a setting Bastion knows",
				"BASTION_RATELIMIT_CHAT_LIMITS_0_COUNT=0");
	}

	@Test
	void namesUnderAListArePassedAsItsElements() throws IOException {
		START.assertStarts("BASTION_WEB_ALLOWED_ORIGINS_0=https://a.example", "BASTION_SSO_ADMINVALUES_0=admins",
				file("lists.yml", "bastion:\n  sso:\n    scopes:\n      - openid\n      - email\n  web:\n"
						+ "    trusted-proxies: [10.0.0.0/8]\n  chat:\n    provider-order:\n      - openai\n"));
	}

	@Test
	void environmentVariablesNamedAsPropertiesAreJudgedAsProperties() {
		// Spring binds a variable by its name as written too: env 'bastion.chat.typo=x'.
		String shown = START.assertRefused("bastion.chat.typo is not a setting Bastion knows",
				"bastion.chat.typo=typo-not-echoed");
		assertThat(shown).doesNotContain("typo-not-echoed");
		START.assertRefused("bastion.chat.require-auth is no longer read: the setting is now REQUIRE_AUTH",
				"bastion.chat.require-auth=false");
		START.assertRefused("bastion.secrets.secret-key.file is not a setting Bastion knows",
				"bastion.secrets.secret-key.file=/run/secrets/key");
		START.assertStarts("bastion.chat.max-message-chars=100", "bastion.sso.scopes[0]=openid", "bastion.web=");
	}

	@Test
	void listsAndMapsHoldElementsAndEveryOtherTypeIsOneValue() {
		assertThat(KnownSettings.holdsElements("java.util.List<java.lang.String>")).isTrue();
		assertThat(KnownSettings.holdsElements("java.util.Map<java.lang.String,java.util.List<java.lang.String>>"))
			.isTrue();
		assertThat(KnownSettings.holdsElements("java.lang.String[]")).isTrue();
		assertThat(KnownSettings.holdsElements("java.time.Duration")).isFalse();
		assertThat(KnownSettings.holdsElements("dev.bastion.system.Secret")).isFalse();
		// Nothing valid is refused over a type that cannot be told.
		assertThat(KnownSettings.holdsElements(null)).isTrue();
		assertThat(KnownSettings.holdsElements("dev.bastion.Gone")).isTrue();
	}

	@Test
	void everySettingOfOneValueIsReadFromOneString() throws IOException {
		// Else Spring could set it only through names under its own, which are refused.
		Map<String, Object> metadata;
		try (InputStream in = getClass().getClassLoader().getResourceAsStream(KnownSettings.METADATA)) {
			metadata = JsonParserFactory.getJsonParser()
				.parseMap(new String(Objects.requireNonNull(in).readAllBytes(), StandardCharsets.UTF_8));
		}
		List<String> notOneString = new ArrayList<>();
		for (Object property : (List<?>) Objects.requireNonNull(metadata.get("properties"))) {
			Map<?, ?> map = (Map<?, ?>) property;
			String type = (String) map.get("type");
			if (String.valueOf(map.get("name")).startsWith("bastion.") && !KnownSettings.holdsElements(type)
					&& !readFromOneString(ClassUtils.resolveClassName(Objects.requireNonNull(type), null))) {
				notOneString.add(map.get("name") + " (" + type + ")");
			}
		}
		assertThat(notOneString).isEmpty();
		assertThat(KnownSettings.get().holdingElements()).extracting(Object::toString)
			.contains("bastion.sso.scopes", "bastion.web.allowed-origins", "bastion.chat.provider-order")
			.doesNotContain("bastion.secrets.secret-key", "bastion.ratelimit.chat");
	}

	/**
	 * As Spring Boot's binder reads it: by its conversions, by a property editor, or by
	 * the converter the type declares ({@code Rate.FromSetting}).
	 */
	private static boolean readFromOneString(Class<?> type) {
		return ApplicationConversionService.getSharedInstance().canConvert(String.class, type)
				|| new SimpleTypeConverter().getDefaultEditor(type) != null
				|| Arrays.stream(type.getDeclaredClasses()).anyMatch(Converter.class::isAssignableFrom);
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
		assertThat(EnvironmentVariables.VARIABLES.values().stream().flatMap(List::stream))
			.allMatch(UnknownSettings::isKnownProperty);
	}

	/** A configuration file read as well as application.yml, as an operator adds one. */
	private String file(String name, String content) throws IOException {
		Path file = Files.writeString(this.directory.resolve(name), content);
		return "SPRING_CONFIG_ADDITIONAL_LOCATION=file:" + file;
	}

}
