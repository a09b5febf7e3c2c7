package dev.bastion.system;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Translates the documented environment variables that do not map one-to-one onto a
 * property: secrets read from {@code <NAME>_FILE}, a {@code postgres://} style
 * {@code DATABASE_URL}, built-in TLS from {@code TLS_CERT_FILE}/{@code TLS_KEY_FILE}, and
 * {@code LOG_FORMAT}.
 */
public final class DeploymentEnvironment implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY_SOURCE_NAME = "bastionDeploymentEnvironment";

	/**
	 * Secrets (and the system prompt, which may be long and private) that may be given as
	 * the path of a file holding them.
	 */
	static final List<String> FILE_SECRETS = List.of("SECRET_KEY", "JWT_SECRET_KEY", "DATABASE_URL",
			"DATABASE_PASSWORD", "REDIS_URL", "OPENAI_API_KEY", "GEMINI_API_KEY", "CHAT_HISTORY_KEY",
			"CHAT_HISTORY_PREVIOUS_KEYS", "SMTP_PASSWORD", "ALERT_WEBHOOK_URL", "BACKUP_KEY", "CHAT_SYSTEM_PROMPT",
			"OIDC_CLIENT_SECRET");

	private static final String TLS_BUNDLE = "bastion-server";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> properties = new HashMap<>();
		readSecretFiles(environment, properties);
		mapDatabaseUrl(environment, properties);
		mapTls(environment, properties);
		mapLogFormat(environment, properties);
		environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, properties));
	}

	private static void readSecretFiles(ConfigurableEnvironment environment, Map<String, Object> properties) {
		for (String name : FILE_SECRETS) {
			String file = environment.getProperty(name + "_FILE");
			if (!StringUtils.hasText(file)) {
				continue;
			}
			if (StringUtils.hasText(environment.getProperty(name))) {
				throw new InsecureConfigurationException(name, "is set both directly and through " + name + "_FILE",
						"Set only one of " + name + " and " + name + "_FILE.");
			}
			properties.put(name, readSecret(name, Path.of(file)));
		}
	}

	private static String readSecret(String name, Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8).strip();
		}
		catch (IOException ex) {
			throw new InsecureConfigurationException(name + "_FILE", "names a file that cannot be read",
					"Point " + name + "_FILE at a readable file that holds the secret.");
		}
	}

	private static void mapDatabaseUrl(ConfigurableEnvironment environment, Map<String, Object> properties) {
		String url = (String) properties.getOrDefault("DATABASE_URL", environment.getProperty("DATABASE_URL"));
		if (!StringUtils.hasText(url)) {
			return;
		}
		if (url.startsWith("jdbc:")) {
			properties.put("spring.datasource.url", url);
		}
		else if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
			mapPostgresUrl(url, properties);
		}
		else {
			throw new InsecureConfigurationException("DATABASE_URL", "is neither a JDBC URL nor a postgres:// URL",
					"Use jdbc:postgresql://host:5432/bastion or postgres://user:password@host:5432/bastion.");
		}
		String password = (String) properties.getOrDefault("DATABASE_PASSWORD",
				environment.getProperty("DATABASE_PASSWORD"));
		if (StringUtils.hasText(password)) {
			properties.put("spring.datasource.password", password);
		}
	}

	private static void mapPostgresUrl(String url, Map<String, Object> properties) {
		try {
			URI uri = new URI(url);
			if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
				throw new URISyntaxException(url, "host and database are required");
			}
			int port = (uri.getPort() != -1) ? uri.getPort() : 5432;
			String query = (uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "";
			properties.put("spring.datasource.url",
					"jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getRawPath() + query);
			String userInfo = uri.getRawUserInfo();
			if (userInfo != null) {
				int colon = userInfo.indexOf(':');
				properties.put("spring.datasource.username",
						decode((colon < 0) ? userInfo : userInfo.substring(0, colon)));
				if (colon >= 0) {
					properties.put("spring.datasource.password", decode(userInfo.substring(colon + 1)));
				}
			}
		}
		catch (URISyntaxException ex) {
			throw new InsecureConfigurationException("DATABASE_URL", "is not a valid postgres:// URL",
					"Use postgres://user:password@host:5432/bastion.");
		}
	}

	private static String decode(String value) {
		return URLDecoder.decode(value, StandardCharsets.UTF_8);
	}

	private static void mapTls(ConfigurableEnvironment environment, Map<String, Object> properties) {
		String certificate = environment.getProperty("TLS_CERT_FILE");
		String key = environment.getProperty("TLS_KEY_FILE");
		if (!StringUtils.hasText(certificate) && !StringUtils.hasText(key)) {
			return;
		}
		if (!StringUtils.hasText(certificate) || !StringUtils.hasText(key)) {
			throw new InsecureConfigurationException(
					StringUtils.hasText(certificate) ? "TLS_KEY_FILE" : "TLS_CERT_FILE", "is missing",
					"Set both TLS_CERT_FILE and TLS_KEY_FILE (PEM files), or neither.");
		}
		String bundle = "spring.ssl.bundle.pem." + TLS_BUNDLE;
		properties.put(bundle + ".keystore.certificate", "file:" + certificate);
		properties.put(bundle + ".keystore.private-key", "file:" + key);
		properties.put(bundle + ".reload-on-update", "true");
		properties.put(bundle + ".options.enabled-protocols", "TLSv1.3,TLSv1.2");
		properties.put(bundle + ".options.ciphers", String.join(",", ModernTls.CIPHERS));
		properties.put("server.ssl.bundle", TLS_BUNDLE);
		properties.put("server.ssl.enabled", "true");
	}

	private static void mapLogFormat(ConfigurableEnvironment environment, Map<String, Object> properties) {
		String format = environment.getProperty("LOG_FORMAT",
				environment.matchesProfiles("production") ? "json" : "text");
		switch (format.toLowerCase(java.util.Locale.ROOT)) {
			case "json" -> properties.put("logging.structured.format.console", "ecs");
			case "text" -> properties.put("logging.structured.format.console", "");
			default -> throw new InsecureConfigurationException("LOG_FORMAT", "must be json or text",
					"Set LOG_FORMAT=json for structured logs or LOG_FORMAT=text for readable ones.");
		}
	}

	@Override
	public int getOrder() {
		// After the config data processor, so that the active profiles are known.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
