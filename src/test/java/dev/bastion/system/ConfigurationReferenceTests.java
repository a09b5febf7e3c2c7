package dev.bastion.system;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settings table of {@code docs/configuration.md} is generated from the configuration
 * records: the variable from {@link EnvironmentVariables}, the default and the meaning
 * from {@code META-INF/spring-configuration-metadata.json}, which
 * spring-boot-configuration-processor writes from each record's {@code @DefaultValue} and
 * javadoc {@code @param}. A change to a record that the page does not show fails here;
 * {@code -Ddocs.write=true} rewrites the table (the prose around it stays).
 */
class ConfigurationReferenceTests {

	private static final Path PAGE = Path.of("docs/configuration.md");

	static final String BEGIN = "<!-- Generated from the configuration records by ConfigurationReferenceTests: "
			+ "edit the records' javadoc, then run it with -Ddocs.write=true. -->";

	static final String END = "<!-- End of the generated table. -->";

	private static final Pattern CODE = Pattern.compile("\\{@(?:code|link)\\s+([^}]*)}");

	@Test
	void theSettingsTableIsTheOneTheRecordsDescribe() throws IOException {
		String page = Files.readString(PAGE, StandardCharsets.UTF_8);
		assertThat(page).contains(BEGIN, END);
		String expected = page.substring(0, page.indexOf(BEGIN) + BEGIN.length()) + "\n" + table()
				+ page.substring(page.indexOf(END));
		if (Boolean.getBoolean("docs.write")) {
			Files.writeString(PAGE, expected, StandardCharsets.UTF_8);
			page = expected;
		}
		assertThat(page).as("docs/configuration.md: run with -Ddocs.write=true").isEqualTo(expected);
	}

	@Test
	void everyVariableSetsAPropertyThatARecordDescribes() throws IOException {
		Map<String, JsonNode> metadata = metadata();
		EnvironmentVariables.VARIABLES.forEach((variable, properties) -> {
			assertThat(properties).as(variable).isNotEmpty();
			properties.forEach((property) -> assertThat(metadata).as(variable).containsKey(property));
			assertThat(metadata.get(properties.get(0)).path("description").asString()).as(variable).isNotBlank();
		});
	}

	private static String table() throws IOException {
		Map<String, JsonNode> metadata = metadata();
		StringBuilder table = new StringBuilder("| variable | default | meaning |\n|---|---|---|\n");
		EnvironmentVariables.VARIABLES.forEach((variable, properties) -> {
			JsonNode property = metadata.get(properties.get(0));
			table.append("| `")
				.append(variable)
				.append("` | ")
				.append(defaultValue(property.path("defaultValue")))
				.append(" | ")
				.append(meaning(property.path("description").asString()))
				.append(" |\n");
		});
		return table.toString();
	}

	private static String defaultValue(JsonNode value) {
		String text = value.isArray() ? StreamSupport.stream(value.spliterator(), false)
			.map(JsonNode::asString)
			.collect(Collectors.joining(",")) : value.isMissingNode() ? "" : value.asString();
		// The processor writes a list's default in Java's List.toString() form.
		if (text.startsWith("[") && text.endsWith("]")) {
			text = text.substring(1, text.length() - 1).replace(", ", ",");
		}
		return text.isEmpty() ? "none" : "`" + text + "`";
	}

	/**
	 * The javadoc as Markdown: code in backticks, one line, a capital and a full stop.
	 */
	private static String meaning(String description) {
		Matcher code = CODE.matcher(description.replaceAll("\\s+", " ").strip());
		String text = code.replaceAll((match) -> Matcher.quoteReplacement("`" + match.group(1).strip() + "`"));
		text = Character.toUpperCase(text.charAt(0)) + text.substring(1);
		return text.endsWith(".") ? text : text + ".";
	}

	private static Map<String, JsonNode> metadata() throws IOException {
		try (InputStream in = ConfigurationReferenceTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("spring-configuration-metadata.json (spring-boot-configuration-processor)").isNotNull();
			JsonNode root = JsonMapper.builder().build().readTree(in);
			Map<String, JsonNode> properties = new HashMap<>();
			for (JsonNode property : root.path("properties")) {
				properties.put(property.path("name").asString(), property);
			}
			return properties;
		}
	}

}
