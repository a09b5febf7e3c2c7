package dev.bastion.system;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code compose.yaml} as a deployment Bastion would accept: every variable it gives
 * Bastion is one that the configuration reference (docs/configuration.md) documents and
 * that the code or {@code application*.yml} reads; secrets come from files compose
 * mounts; production, a read-only root, the fixed user, and health-gated dependencies.
 * (scripts/container/ compose.sh runs the image with this environment against real
 * PostgreSQL and Redis.)
 */
class ComposeFileTests {

	private static final Path COMPOSE = Path.of("compose.yaml");

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");

	private static final Pattern STRING_LITERAL = Pattern.compile("\"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{4,})\"");

	private static final Pattern TABLE_VARIABLE = Pattern.compile("`([A-Z][A-Z0-9_]*)`");

	@Test
	void everyVariableGivenToBastionIsDocumentedAndRead() throws IOException {
		Map<String, Object> environment = environment();
		assertThat(environment).isNotEmpty();
		assertThat(unknown(environment.keySet())).as("variables Bastion does not know").isEmpty();
	}

	@Test
	void aMisspelledOrUndocumentedVariableIsCaught() throws IOException {
		assertThat(unknown(
				List.of("SECRETKEY", "DATABASE_URL_FILES", "SERVER_PORT", "SPRING_DATASOURCE_URL", "REDIS_URL_FILE")))
			.containsExactly("DATABASE_URL_FILES", "SECRETKEY", "SPRING_DATASOURCE_URL");
	}

	@Test
	void secretsComeFromFilesThatComposeMounts() {
		Map<String, Object> bastion = service("bastion");
		List<Object> mounted = list(bastion.get("secrets"));
		Map<String, Object> declared = map(compose().get("secrets"));
		environment().forEach((name, value) -> {
			if (name.endsWith("_FILE")) {
				assertThat(DeploymentEnvironment.FILE_SECRETS).as(name).contains(name.replaceFirst("_FILE$", ""));
				String secret = String.valueOf(value).replaceFirst("^/run/secrets/", "");
				assertThat(mounted).as(name + " names a secret of the service").contains(secret);
				assertThat(map(declared.get(secret))).as(secret).containsKey("file");
			}
		});
		assertThat(environment()).containsKeys("SECRET_KEY_FILE", "DATABASE_PASSWORD_FILE", "REDIS_URL_FILE")
			.doesNotContainKeys("SECRET_KEY", "DATABASE_PASSWORD", "REDIS_URL");
	}

	@Test
	void bastionRunsInProductionReadOnlyAsItsOwnUserAfterHealthyStores() {
		Map<String, Object> bastion = service("bastion");
		assertThat(environment()).containsEntry("SPRING_PROFILES_ACTIVE", "production");
		assertThat(bastion).containsEntry("read_only", true).containsEntry("user", "10001:10001");
		assertThat(list(bastion.get("tmpfs"))).containsExactly("/tmp");
		assertThat(list(bastion.get("ports")))
			.allSatisfy((port) -> assertThat(port).asString().startsWith("127.0.0.1:"));
		Map<String, Object> dependsOn = map(bastion.get("depends_on"));
		assertThat(dependsOn.keySet()).containsExactlyInAnyOrder("postgres", "redis");
		dependsOn.forEach((name, condition) -> {
			assertThat(map(condition)).containsEntry("condition", "service_healthy");
			assertThat(service((String) name)).containsKey("healthcheck");
		});
		assertThat((String) environment().get("TRUSTED_PROXIES")).isEqualTo(gateway());
	}

	/** The names in {@code names} that Bastion does not document or does not read. */
	private static Set<String> unknown(Iterable<String> names) throws IOException {
		Set<String> documented = documented();
		Set<String> read = read();
		Set<String> unknown = new TreeSet<>();
		for (String name : names) {
			if (!documented.contains(name) || !read.contains(name)) {
				unknown.add(name);
			}
		}
		return unknown;
	}

	/**
	 * The configuration reference's table (docs/configuration.md), and
	 * {@code <NAME>_FILE} for the file secrets.
	 */
	private static Set<String> documented() throws IOException {
		String table = Files.readString(Path.of("docs/configuration.md"));
		Set<String> names = new TreeSet<>();
		table.lines()
			.filter((line) -> line.startsWith("| `"))
			.map((line) -> line.substring(1, line.indexOf('|', 1)))
			.forEach((cell) -> matches(TABLE_VARIABLE, cell, names));
		DeploymentEnvironment.FILE_SECRETS.forEach((secret) -> names.add(secret + "_FILE"));
		return names;
	}

	/**
	 * What the code reads: placeholders in {@code application*.yml}, the file secrets,
	 * names the Java sources look up, and the one Spring Boot reads itself.
	 */
	private static Set<String> read() throws IOException {
		Set<String> names = new TreeSet<>();
		try (Stream<Path> resources = Files.list(Path.of("src/main/resources"))) {
			for (Path yml : resources.filter((path) -> path.getFileName().toString().matches("application.*\\.yml"))
				.toList()) {
				matches(PLACEHOLDER, Files.readString(yml), names);
			}
		}
		DeploymentEnvironment.FILE_SECRETS.forEach((secret) -> {
			names.add(secret);
			names.add(secret + "_FILE");
		});
		try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
			for (Path java : sources.filter((path) -> path.toString().endsWith(".java")).toList()) {
				matches(STRING_LITERAL, Files.readString(java), names);
			}
		}
		// spring.profiles.active, by Spring Boot's own binding of the environment.
		names.add("SPRING_PROFILES_ACTIVE");
		return names;
	}

	private static void matches(Pattern pattern, String text, Set<String> names) {
		Matcher matcher = pattern.matcher(text);
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
	}

	private static Map<String, Object> environment() {
		@SuppressWarnings("unchecked")
		Map<String, Object> environment = (Map<String, Object>) service("bastion").get("environment");
		return environment;
	}

	private static String gateway() {
		Map<String, Object> network = map(map(compose().get("networks")).get("bastion"));
		return (String) map(list(map(network.get("ipam")).get("config")).get(0)).get("gateway");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object yaml) {
		return (Map<String, Object>) yaml;
	}

	@SuppressWarnings("unchecked")
	private static List<Object> list(Object yaml) {
		return (List<Object>) yaml;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> service(String name) {
		Map<String, Object> services = (Map<String, Object>) compose().get("services");
		assertThat(services).containsKey(name);
		return (Map<String, Object>) services.get(name);
	}

	private static Map<String, Object> compose() {
		try (Reader reader = Files.newBufferedReader(COMPOSE)) {
			return new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
