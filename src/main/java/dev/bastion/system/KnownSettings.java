package dev.bastion.system;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.util.ClassUtils;

/**
 * The {@code bastion.*} settings of this application's configuration metadata, which the
 * build generates from the configuration records, as {@link UnknownSettings} looks them
 * up: by name, by the names above them, and as the environment variables Spring binds to
 * them.
 *
 * @param names the settings
 * @param holdingElements those of them that are lists, maps, ..., whose elements are set
 * by names under their own ({@code bastion.sso.scopes[0]})
 * @param sections the names above the settings ({@code bastion}, {@code bastion.web},
 * ...)
 * @param variables the environment variables Spring binds to the settings
 * @param elementVariables those of them that Spring binds to lists, maps, ...
 * @param recordVariables {@code BASTION_WEB}, {@code BASTION_CHAT}, ...: the records'
 * prefixes
 */
record KnownSettings(Set<ConfigurationPropertyName> names, Set<ConfigurationPropertyName> holdingElements,
		Set<ConfigurationPropertyName> sections, Set<String> variables, Set<String> elementVariables,
		Set<String> recordVariables) {

	static final String METADATA = "META-INF/spring-configuration-metadata.json";

	private static final String PREFIX = "bastion.";

	private static @Nullable KnownSettings known;

	/**
	 * The settings of the first metadata on the class path that has any (the
	 * application's own comes first, in a directory, a plain jar or at the root of Spring
	 * Boot's executable jar), read once.
	 */
	static synchronized KnownSettings get() {
		KnownSettings read = known;
		if (read == null) {
			read = of(read());
			known = read;
		}
		return read;
	}

	private static KnownSettings of(List<Setting> settings) {
		List<ConfigurationPropertyName> names = settings.stream().map(Setting::name).toList();
		List<ConfigurationPropertyName> holdingElements = settings.stream()
			.filter(Setting::holdsElements)
			.map(Setting::name)
			.toList();
		Set<ConfigurationPropertyName> sections = new HashSet<>();
		for (ConfigurationPropertyName name : names) {
			for (ConfigurationPropertyName parent = name.getParent(); !parent.isEmpty(); parent = parent.getParent()) {
				sections.add(parent);
			}
		}
		return new KnownSettings(Set.copyOf(names), Set.copyOf(holdingElements), Set.copyOf(sections), variables(names),
				variables(holdingElements), variables(names.stream().map((name) -> name.chop(2)).toList()));
	}

	/**
	 * The environment variables Spring binds to this property:
	 * {@code BASTION_WEB_REQUIREAUTH} and {@code BASTION_WEB_REQUIRE_AUTH} for
	 * {@code bastion.web.require-auth}.
	 */
	static List<String> variables(ConfigurationPropertyName property) {
		String variable = property.toString().toUpperCase(Locale.ROOT).replace('.', '_');
		return List.of(variable.replace("-", ""), variable.replace('-', '_'));
	}

	private static Set<String> variables(List<ConfigurationPropertyName> properties) {
		Set<String> variables = new LinkedHashSet<>();
		for (ConfigurationPropertyName property : properties) {
			variables.addAll(variables(property));
		}
		return Collections.unmodifiableSet(variables);
	}

	/**
	 * Whether a setting of this type (as the metadata writes it:
	 * {@code java.util.List<java.lang.String>}) holds elements set by names under its
	 * own: a list, a set, a map or an array. Any other type is one value, read by a
	 * converter from one string. A type that cannot be told (none given, or not on the
	 * class path) is taken to hold elements, so that nothing valid is refused.
	 */
	static boolean holdsElements(@Nullable String type) {
		if (type == null) {
			return true;
		}
		String raw = type.replaceFirst("<.*", "").strip();
		if (raw.endsWith("[]")) {
			return true;
		}
		try {
			Class<?> resolved = ClassUtils.forName(raw, KnownSettings.class.getClassLoader());
			return Collection.class.isAssignableFrom(resolved) || Map.class.isAssignableFrom(resolved);
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return true;
		}
	}

	private static List<Setting> read() {
		try {
			for (URL metadata : Collections.list(KnownSettings.class.getClassLoader().getResources(METADATA))) {
				List<Setting> settings = settings(metadata);
				if (!settings.isEmpty()) {
					return settings;
				}
			}
			throw new IOException("no metadata names a bastion.* property");
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("Bastion's configuration metadata (" + METADATA
					+ ") cannot be read: build with ./mvnw, whose compiler writes it from the settings' records", ex);
		}
	}

	private static List<Setting> settings(URL metadata) throws IOException {
		try (InputStream in = metadata.openStream()) {
			Map<String, Object> json = JsonParserFactory.getJsonParser()
				.parseMap(new String(in.readAllBytes(), StandardCharsets.UTF_8));
			List<Setting> settings = new ArrayList<>();
			if (json.get("properties") instanceof List<?> properties) {
				for (Object property : properties) {
					if (property instanceof Map<?, ?> map && map.get("name") instanceof String name
							&& name.startsWith(PREFIX)) {
						settings.add(new Setting(ConfigurationPropertyName.of(name),
								holdsElements((map.get("type") instanceof String type) ? type : null)));
					}
				}
			}
			return Collections.unmodifiableList(settings);
		}
	}

	/**
	 * @param name the setting's name
	 * @param holdsElements whether it is a list, a map, ...
	 */
	private record Setting(ConfigurationPropertyName name, boolean holdsElements) {
	}

}
