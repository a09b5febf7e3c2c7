package dev.bastion.system;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
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
 * The known names are the configuration metadata's ({@link KnownSettings}), which the
 * build generates from the records. A name under a known one is known only where the
 * setting is a list or a map ({@code bastion.sso.scopes[0]}); under a setting of one
 * value ({@code BASTION_SECRETS_SECRET_KEY_FILE}) Spring binds nothing. Every enumerable
 * source is checked: configuration files, {@code SPRING_APPLICATION_JSON}, system
 * properties, command-line arguments, test properties, and environment variables, both in
 * Spring's relaxed form under a record's prefix ({@code BASTION_WEB_*}, ...; the
 * environment is shared with other software) and named as properties
 * ({@code bastion.web.require-auth}), which Spring binds as well. The documented
 * variables ({@code REQUIRE_AUTH}, ...) are not {@code bastion.*} names: they reach the
 * records through {@link EnvironmentVariables}, whose source lists no names.
 * <p>
 * Not {@code @ConfigurationProperties(ignoreUnknownFields = false)}: Spring leaves the
 * environment and system properties out of that check, which is where an operator sets
 * most things; {@code bastion.chat.voice} has its own record inside {@code bastion.chat};
 * and a key under no record's prefix at all is never bound, so never checked.
 */
final class UnknownSettings implements EnvironmentPostProcessor, Ordered {

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

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		for (PropertySource<?> source : environment.getPropertySources()) {
			if (source instanceof EnumerablePropertySource<?> names) {
				boolean variables = source instanceof SystemEnvironmentPropertySource;
				for (String name : names.getPropertyNames()) {
					if (!(variables ? isKnownVariable(name, source) : isKnownProperty(name, source))) {
						throw refusal(name);
					}
				}
			}
		}
	}

	private static boolean isKnownProperty(String name, PropertySource<?> source) {
		return isKnownProperty(name) || isEmptySection(name, source.getProperty(name));
	}

	/**
	 * Whether this name is not Bastion's to judge, or Spring binds it to a known setting
	 * or an element of one that holds elements ({@code bastion.sso.scopes[0]}). Nothing
	 * binds what is written under a setting of one value:
	 * {@code bastion.secrets.secret-key.file} is ignored.
	 */
	static boolean isKnownProperty(String name) {
		if (!name.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
			return true;
		}
		ConfigurationPropertyName property = ConfigurationPropertyName.adapt(name, '.');
		KnownSettings known = KnownSettings.get();
		if (known.names().contains(property)) {
			return true;
		}
		for (ConfigurationPropertyName parent = property.getParent(); !parent.isEmpty(); parent = parent.getParent()) {
			if (known.holdingElements().contains(parent)) {
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
		return KnownSettings.get().sections().contains(ConfigurationPropertyName.adapt(name, '.'));
	}

	/**
	 * Whether this variable is not Bastion's to judge ({@code BASTION_JVM_OPTIONS}: the
	 * environment is shared, and only a variable under a record's prefix such as
	 * {@code BASTION_WEB_} is a setting), or Spring binds it to a known setting:
	 * {@code BASTION_WEB_HSTS}, {@code BASTION_WEB_REQUIREAUTH} or
	 * {@code BASTION_WEB_REQUIRE_AUTH} for {@code bastion.web.require-auth}, or an
	 * element of one that holds elements ({@code BASTION_SSO_SCOPES_0}).
	 * <p>
	 * Spring also binds a variable by its name as written, so one named with dots
	 * ({@code env 'bastion.chat.max-message-chars=100'}) is judged as a property too.
	 */
	private static boolean isKnownVariable(String name, PropertySource<?> source) {
		if (name.indexOf('.') >= 0 && !isKnownProperty(name, source)) {
			return false;
		}
		if (!name.regionMatches(true, 0, VARIABLE_PREFIX, 0, VARIABLE_PREFIX.length())) {
			return true;
		}
		String variable = name.toUpperCase(Locale.ROOT);
		KnownSettings known = KnownSettings.get();
		return !isUnder(variable, known.recordVariables()) || known.variables().contains(variable)
				|| isUnder(variable, known.elementVariables()) || SERVICE_LINK.matcher(variable).matches();
	}

	private static boolean isUnder(String variable, Set<String> parents) {
		for (String parent : parents) {
			if (variable.startsWith(parent) && variable.startsWith("_", parent.length())) {
				return true;
			}
		}
		return false;
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
			if (old.equals(property) || KnownSettings.variables(old).contains(name.toUpperCase(Locale.ROOT))) {
				return renamed.getValue();
			}
		}
		return null;
	}

	@Override
	public int getOrder() {
		// After the config data processor, so that the application*.yml sources exist.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
