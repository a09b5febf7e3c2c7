package dev.bastion.system;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Refuses to start over a {@code bastion.*} setting that no configuration record binds.
 * Spring Boot ignores such a key, so an operator who set a renamed or misspelt setting (a
 * security setting among them) would run without it and never know.
 * <p>
 * The known names are the configuration metadata's, which the build generates from the
 * records. Every enumerable source is checked: configuration files,
 * {@code SPRING_APPLICATION_JSON}, system properties, command-line arguments, test
 * properties, and environment variables in Spring's relaxed form under a record's prefix
 * ({@code BASTION_WEB_*}, ...; the environment is shared with other software). The
 * documented variables ({@code REQUIRE_AUTH}, ...) are not {@code bastion.*} names: they
 * reach the records through {@link EnvironmentVariables}, whose source lists no names.
 * <p>
 * Not {@code @ConfigurationProperties(ignoreUnknownFields = false)}: Spring leaves the
 * environment and system properties out of that check, which is where an operator sets
 * most things; {@code bastion.chat.voice} has its own record inside {@code bastion.chat};
 * and a key under no record's prefix at all is never bound, so never checked.
 */
final class UnknownSettings implements EnvironmentPostProcessor, Ordered {

	static final String METADATA = "META-INF/spring-configuration-metadata.json";

	private static final String PREFIX = "bastion.";

	/**
	 * Names an earlier version read, and the documented variable that sets the setting
	 * now.
	 */
	private static final Map<String, String> RENAMED = Map.of("bastion.auth.local-login", "LOCAL_LOGIN",
			"bastion.auth.local-login-break-glass", "LOCAL_LOGIN_BREAK_GLASS", "bastion.chat.require-auth",
			"REQUIRE_AUTH");

	private static final String VARIABLE_PREFIX = "BASTION_";

	/**
	 * Kubernetes' service links: a Service named {@code bastion-web} gives every pod of
	 * its namespace {@code BASTION_WEB_SERVICE_HOST}, {@code BASTION_WEB_PORT_8080_TCP},
	 * ...
	 */
	private static final Pattern SERVICE_LINK = Pattern
		.compile(".*_(SERVICE_HOST|SERVICE_PORT(_.*)?|PORT|PORT_\\d+_(TCP|UDP|SCTP)(_(PROTO|PORT|ADDR))?)");

	/** What may appear in a property's name; the rest of a name is not shown. */
	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._\\-\\[\\]]*");

	private static @Nullable Known known;

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		for (PropertySource<?> source : environment.getPropertySources()) {
			if (source instanceof EnumerablePropertySource<?> names) {
				boolean variables = source instanceof SystemEnvironmentPropertySource;
				for (String name : names.getPropertyNames()) {
					boolean known = variables ? isKnownVariable(name)
							: isKnownProperty(name) || isEmptySection(name, source.getProperty(name));
					if (!known) {
						throw refusal(name);
					}
				}
			}
		}
	}

	static boolean isKnownProperty(String name) {
		if (!name.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
			return true;
		}
		Set<ConfigurationPropertyName> known = known().names();
		for (ConfigurationPropertyName property = ConfigurationPropertyName.adapt(name, '.'); !property
			.isEmpty(); property = property.getParent()) {
			if (known.contains(property)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * A section with everything in it commented out ({@code web:} alone in YAML, or
	 * {@code "web": {}} in JSON) is an empty value that Spring ignores.
	 */
	static boolean isEmptySection(String name, @Nullable Object value) {
		if (!(value == null || "".equals(value.toString()))) {
			return false;
		}
		return known().sections().contains(ConfigurationPropertyName.adapt(name, '.'));
	}

	/**
	 * Whether this variable is not Bastion's to judge ({@code BASTION_JVM_OPTIONS}: the
	 * environment is shared, and only a variable under a record's prefix such as
	 * {@code BASTION_WEB_} is a setting), or Spring binds it to a known setting:
	 * {@code BASTION_WEB_HSTS}, {@code BASTION_WEB_REQUIREAUTH} or
	 * {@code BASTION_WEB_REQUIRE_AUTH} for {@code bastion.web.require-auth}, or an
	 * element of one ({@code BASTION_SSO_SCOPES_0}).
	 */
	private static boolean isKnownVariable(String name) {
		if (!name.regionMatches(true, 0, VARIABLE_PREFIX, 0, VARIABLE_PREFIX.length())) {
			return true;
		}
		String variable = name.toUpperCase(Locale.ROOT);
		Known known = known();
		return !isUnder(variable, known.recordVariables()) || known.variables().contains(variable)
				|| isUnder(variable, known.variables()) || SERVICE_LINK.matcher(variable).matches();
	}

	private static boolean isUnder(String variable, Set<String> parents) {
		for (String parent : parents) {
			if (variable.startsWith(parent) && variable.startsWith("_", parent.length())) {
				return true;
			}
		}
		return false;
	}

	/** The environment variables Spring binds to these properties. */
	private static Set<String> variables(List<ConfigurationPropertyName> properties) {
		Set<String> variables = new LinkedHashSet<>();
		for (ConfigurationPropertyName property : properties) {
			variables.addAll(variables(property));
		}
		return Collections.unmodifiableSet(variables);
	}

	private static List<String> variables(ConfigurationPropertyName property) {
		String variable = property.toString().toUpperCase(Locale.ROOT).replace('.', '_');
		return List.of(variable.replace("-", ""), variable.replace('-', '_'));
	}

	private static InsecureConfigurationException refusal(String written) {
		// A value typed into the name (-Dbastion.secrets.secret-key:value) is not shown.
		Matcher shown = NAME.matcher(written);
		String name = shown.lookingAt() ? written.substring(0, shown.end()) : "";
		String renamed = renamedTo(name);
		if (renamed != null) {
			return new InsecureConfigurationException(name, "is no longer read: the setting is now " + renamed,
					"Set " + renamed + " instead, and remove " + name + ".");
		}
		return new InsecureConfigurationException(name, "is not a setting Bastion knows",
				"Remove it, or correct its name: docs/configuration.md lists every setting by its environment variable.");
	}

	private static @Nullable String renamedTo(String name) {
		ConfigurationPropertyName property = ConfigurationPropertyName.adapt(name, '.');
		for (Map.Entry<String, String> renamed : RENAMED.entrySet()) {
			ConfigurationPropertyName old = ConfigurationPropertyName.of(renamed.getKey());
			if (old.equals(property) || variables(old).contains(name.toUpperCase(Locale.ROOT))) {
				return renamed.getValue();
			}
		}
		return null;
	}

	/**
	 * The {@code bastion.*} properties of this application's configuration metadata: the
	 * first metadata on the class path that has any (the application's own comes first,
	 * in a directory, a plain jar or at the root of Spring Boot's executable jar).
	 */
	private static synchronized Known known() {
		Known read = known;
		if (read == null) {
			read = Known.of(read());
			known = read;
		}
		return read;
	}

	private static List<ConfigurationPropertyName> read() {
		try {
			for (URL metadata : Collections.list(UnknownSettings.class.getClassLoader().getResources(METADATA))) {
				List<ConfigurationPropertyName> names = names(metadata);
				if (!names.isEmpty()) {
					return names;
				}
			}
			throw new IOException("no metadata names a bastion.* property");
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("Bastion's configuration metadata (" + METADATA
					+ ") cannot be read: build with ./mvnw, whose compiler writes it from the settings' records", ex);
		}
	}

	private static List<ConfigurationPropertyName> names(URL metadata) throws IOException {
		try (InputStream in = metadata.openStream()) {
			Map<String, Object> json = JsonParserFactory.getJsonParser()
				.parseMap(new String(in.readAllBytes(), StandardCharsets.UTF_8));
			List<ConfigurationPropertyName> names = new ArrayList<>();
			if (json.get("properties") instanceof List<?> properties) {
				for (Object property : properties) {
					if (property instanceof Map<?, ?> map && map.get("name") instanceof String name
							&& name.startsWith(PREFIX)) {
						names.add(ConfigurationPropertyName.of(name));
					}
				}
			}
			return Collections.unmodifiableList(names);
		}
	}

	/**
	 * @param names the {@code bastion.*} settings
	 * @param sections the names above them ({@code bastion}, {@code bastion.web}, ...)
	 * @param variables the environment variables Spring binds to them
	 * @param recordVariables {@code BASTION_WEB}, {@code BASTION_CHAT}, ...: the records'
	 * prefixes
	 */
	private record Known(Set<ConfigurationPropertyName> names, Set<ConfigurationPropertyName> sections,
			Set<String> variables, Set<String> recordVariables) {

		static Known of(List<ConfigurationPropertyName> names) {
			Set<ConfigurationPropertyName> sections = new HashSet<>();
			for (ConfigurationPropertyName name : names) {
				for (ConfigurationPropertyName parent = name.getParent(); !parent.isEmpty(); parent = parent
					.getParent()) {
					sections.add(parent);
				}
			}
			return new Known(Set.copyOf(names), Set.copyOf(sections), UnknownSettings.variables(names),
					UnknownSettings.variables(names.stream().map((name) -> name.chop(2)).toList()));
		}

	}

	@Override
	public int getOrder() {
		// After the config data processor, so that the application*.yml sources exist.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
