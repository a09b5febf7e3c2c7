package dev.bastion.chat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import org.springframework.boot.convert.DurationStyle;

import dev.bastion.chat.provider.ModelRouter;
import dev.bastion.system.InsecureConfigurationException;
import dev.bastion.system.Secret;

/**
 * The mounted {@code MODELS_FILE}: connections, aliases, per-model rules and the default
 * model, read strictly at start-up. An unknown key, a missing or wrong value, a duplicate
 * name or a bad URL refuses the start with a message naming the entry, never a key.
 *
 * @param connections the connections, in the file's order
 * @param aliases alias to model name
 * @param rules per model: who may use it and its daily budget
 * @param defaultModel the model (or alias) chosen when none is asked for, if set
 */
record ModelsFile(List<Connection> connections, Map<String, String> aliases, Map<String, ModelRouter.Rule> rules,
		@Nullable String defaultModel) {

	static final ModelsFile NONE = new ModelsFile(List.of(), Map.of(), Map.of(), null);

	private static final String VARIABLE = "MODELS_FILE";

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

	private static final int LONGEST_MODEL = 256;

	private static final Set<String> TOP = Set.of("default-model", "connections", "aliases", "models");

	private static final Set<String> CONNECTION = Set.of("name", "type", "base-url", "api-key", "api-key-file",
			"models", "timeout");

	private static final Set<String> RULE = Set.of("name", "roles", "daily-token-budget");

	/** Reads the file at {@code location}, or nothing when it is blank. */
	static ModelsFile read(String location) {
		if (location.isBlank()) {
			return NONE;
		}
		Object document;
		try (InputStream in = Files.newInputStream(Path.of(location.strip()))) {
			document = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
		}
		catch (IOException | RuntimeException ex) {
			throw refused("cannot be read as YAML (" + ex.getClass().getSimpleName() + ")");
		}
		Map<String, Object> top = map(document, "the file", TOP);
		List<Connection> connections = connections(top.get("connections"));
		Map<String, String> aliases = new LinkedHashMap<>();
		map(top.getOrDefault("aliases", Map.of()), "aliases", null)
			.forEach((alias, model) -> aliases.put(name(alias, "an alias"), model(model, "alias " + alias)));
		Object defaultModel = top.get("default-model");
		return new ModelsFile(connections, aliases, rules(top.getOrDefault("models", List.of())),
				(defaultModel != null) ? model(defaultModel, "default-model") : null);
	}

	private static List<Connection> connections(@Nullable Object value) {
		List<Connection> connections = new ArrayList<>();
		Set<String> names = new HashSet<>();
		for (Object entry : list(value, "connections")) {
			Map<String, Object> fields = map(entry, "a connection", CONNECTION);
			String name = name(fields.get("name"), "a connection");
			if (!names.add(name)) {
				throw refused("names connection " + name + " twice");
			}
			connections.add(connection(name, fields));
		}
		return connections;
	}

	private static Connection connection(String name, Map<String, Object> fields) {
		String where = "connection " + name;
		String type = String.valueOf(fields.get("type"));
		if (!type.equals("openai") && !type.equals("gemini")) {
			throw refused("gives " + where + " a type other than openai or gemini");
		}
		Object baseUrl = fields.get("base-url");
		String url = (baseUrl != null) ? checkedUrl(baseUrl.toString(), where) : (type.equals("openai")
				? "https://api.openai.com/v1" : "https://generativelanguage.googleapis.com/v1beta");
		Object models = fields.get("models");
		boolean auto = "auto".equals(models);
		List<String> listed = auto ? List.of()
				: list(models, where + "'s models").stream().map((model) -> model(model, where)).toList();
		if (!auto && listed.isEmpty()) {
			throw refused("gives " + where + " no models: list them, or write models: auto");
		}
		return new Connection(name, type, url, Secret.of(apiKey(fields, where)), listed, auto,
				timeout(fields.get("timeout"), where));
	}

	/** The connection's own PROVIDER_TIMEOUT ({@code 90s}, {@code 2m}), if set. */
	private static @Nullable Duration timeout(@Nullable Object value, String where) {
		if (value == null) {
			return null;
		}
		try {
			Duration timeout = DurationStyle.detectAndParse(value.toString());
			if (timeout.isNegative() || timeout.isZero()) {
				throw new IllegalArgumentException("not positive");
			}
			return timeout;
		}
		catch (IllegalArgumentException ex) {
			throw refused("gives " + where + " a timeout that is not a positive duration such as 90s");
		}
	}

	private static String apiKey(Map<String, Object> fields, String where) {
		Object key = fields.get("api-key");
		Object file = fields.get("api-key-file");
		if ((key == null) == (file == null)) {
			throw refused("gives " + where + " not exactly one of api-key and api-key-file "
					+ "(any value for local servers without keys)");
		}
		if (key != null) {
			return key.toString();
		}
		try {
			String read = Files.readString(Path.of(file.toString()), StandardCharsets.UTF_8).strip();
			if (read.isEmpty()) {
				throw refused("gives " + where + " an empty api-key-file");
			}
			return read;
		}
		catch (IOException ex) {
			throw refused("gives " + where + " an api-key-file that cannot be read");
		}
	}

	/** An absolute http(s) URL with a host, as a base URL must be. */
	static String checkedUrl(String url, String where) {
		try {
			URI uri = new URI(url.strip());
			if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
				throw new URISyntaxException(url, "not an absolute http(s) URL");
			}
			return uri.toString();
		}
		catch (URISyntaxException ex) {
			throw new InsecureConfigurationException(where.startsWith("connection") ? VARIABLE : where,
					"gives " + where + " a base URL that is not an absolute http or https URL",
					"Give the server's address, e.g. http://ollama:11434/v1.");
		}
	}

	private static Map<String, ModelRouter.Rule> rules(Object value) {
		Map<String, ModelRouter.Rule> rules = new LinkedHashMap<>();
		for (Object entry : list(value, "models")) {
			Map<String, Object> fields = map(entry, "a model rule", RULE);
			String model = model(fields.get("name"), "a model rule");
			Object roles = fields.getOrDefault("roles", List.of());
			Object budget = fields.getOrDefault("daily-token-budget", 0);
			if (!(budget instanceof Number number) || number.longValue() < 0) {
				throw refused("gives model " + model + " a daily-token-budget that is not a whole number >= 0");
			}
			List<String> names = list(roles, "model " + model + "'s roles").stream()
				.map((role) -> name(role, "a role of model " + model))
				.toList();
			if (rules.put(model, new ModelRouter.Rule(Set.copyOf(names), number.longValue())) != null) {
				throw refused("has rules for model " + model + " twice");
			}
		}
		return rules;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(@Nullable Object value, String what, @Nullable Set<String> keys) {
		if (!(value instanceof Map<?, ?> map)) {
			throw refused("has " + what + " that is not a map of keys to values");
		}
		for (Object key : map.keySet()) {
			if (!(key instanceof String) || (keys != null && !keys.contains(key))) {
				throw refused("has " + what + " with an unknown key " + key + " (known: " + keys + ")");
			}
		}
		return (Map<String, Object>) map;
	}

	private static List<?> list(@Nullable Object value, String what) {
		if (!(value instanceof List<?> list)) {
			throw refused("has " + what + " that is not a list");
		}
		return list;
	}

	private static String name(@Nullable Object value, String what) {
		if (value == null || !NAME.matcher(value.toString()).matches()) {
			throw refused("gives " + what + " a missing or invalid name (letters, digits, . _ -, up to 64)");
		}
		return value.toString();
	}

	private static String model(@Nullable Object value, String what) {
		if (value == null || value.toString().isBlank() || value.toString().length() > LONGEST_MODEL
				|| !value.toString().equals(value.toString().strip())) {
			throw refused("gives " + what + " a missing or invalid model name");
		}
		return value.toString();
	}

	private static InsecureConfigurationException refused(String problem) {
		return new InsecureConfigurationException(VARIABLE, problem,
				"Fix the file (see docs/chat.md, Models and connections) or unset MODELS_FILE.");
	}

	/** One connection of the file. Its key is never shown. */
	record Connection(String name, String type, String baseUrl, Secret apiKey, List<String> models, boolean auto,
			@Nullable Duration timeout) {

	}

}
