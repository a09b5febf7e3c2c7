package dev.bastion.admin;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

import dev.bastion.account.AccountDirectory;
import dev.bastion.account.AccountProperties;
import dev.bastion.account.RegistrationMode;
import dev.bastion.audit.AuditProperties;
import dev.bastion.audit.AuditTrail;
import dev.bastion.auth.AuthProperties;
import dev.bastion.chat.ChatHealth;
import dev.bastion.chat.ChatProperties;
import dev.bastion.crypto.MasterSecret;
import dev.bastion.crypto.SecretProperties;
import dev.bastion.ratelimit.RateLimitProperties;
import dev.bastion.sharedstate.SharedState;
import dev.bastion.system.Container;
import dev.bastion.system.InsecureConfigurationException;
import dev.bastion.system.Secret;
import dev.bastion.web.WebProperties;

/**
 * {@code java -jar bastion.jar doctor}: the production checklist as {@code PASS},
 * {@code WARN} and {@code FAIL} lines, for the configuration it is run with (the same
 * environment as the service). It starts the application without opening a port, so
 * everything Bastion refuses at start-up is reported as a failure too, then checks what a
 * start-up cannot: HTTPS, an administrator, the audit chain, reachable providers and
 * stores. Exit code 0 without failures, 1 otherwise. It never prints a secret.
 */
public final class Doctor {

	private final Class<?> application;

	private final PrintStream out;

	private final List<String> lines = new ArrayList<>();

	private boolean failed;

	public Doctor(Class<?> application, PrintStream out) {
		this.application = application;
		this.out = out;
	}

	public int run() {
		// The whole application, web configuration included, but with no port opened
		// (server.port=-1, ahead of SERVER_PORT and the rest of the environment): a
		// running
		// service may hold the ports, and the container image sets SERVER_PORT.
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(this.application)
			.properties("logging.level.root=ERROR")
			.initializers((starting) -> starting.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("doctor", Map.of("server.port", "-1", "management.server.port", "-1"))))
			.run()) {
			check(context);
		}
		catch (RuntimeException ex) {
			InsecureConfigurationException refusal = refusal(ex);
			String unnamed = "Bastion does not start: " + ex.getClass().getSimpleName();
			fail("configuration",
					(refusal != null) ? Objects.requireNonNullElse(refusal.getMessage(), unnamed) : unnamed);
		}
		this.lines.forEach(this.out::println);
		this.out.println(this.failed ? "Not ready for production: fix every FAIL above."
				: "No failures. Review the warnings above.");
		return this.failed ? 1 : 0;
	}

	/** Every check, in the order the checklist prints them. */
	private void check(ConfigurableApplicationContext context) {
		Environment env = context.getEnvironment();
		Settings settings = new Settings(context);
		modeAndSecrets(env, settings);
		transport(env, settings);
		jwtSecretKey(settings.auth().jwtSecretKey());
		reach(env, settings);
		edgeProtections(env, settings);
		stores(context, env);
		people(context, settings);
		safely("audit chain", () -> {
			AuditTrail.Verification audit = context.getBean(AuditTrail.class).verify();
			result(audit.valid(), true, "audit chain", audit.valid() ? audit.checked() + " events intact"
					: "broken at event " + audit.firstBrokenId() + " (" + audit.reason() + ")");
		});
		outsideServices(context, env, settings);
		this.lines.add("PASS  CHAT_HISTORY: " + settings.chat().historyMode());
	}

	/** The modules' configuration records, as the service binds them. */
	private record Settings(SecretProperties secrets, AuthProperties auth, WebProperties web,
			RateLimitProperties rateLimits, AccountProperties accounts, AuditProperties audit, ChatProperties chat) {

		Settings(ConfigurableApplicationContext context) {
			this(context.getBean(SecretProperties.class), context.getBean(AuthProperties.class),
					context.getBean(WebProperties.class), context.getBean(RateLimitProperties.class),
					context.getBean(AccountProperties.class), context.getBean(AuditProperties.class),
					context.getBean(ChatProperties.class));
		}

	}

	private void modeAndSecrets(Environment env, Settings settings) {
		boolean production = env.matchesProfiles("production");
		result(production, false, "mode",
				production ? "production" : "development (set SPRING_PROFILES_ACTIVE=production for a deployment)");
		Secret secret = settings.secrets().secretKey();
		boolean set = secret != null && !secret.isBlank();
		result(set, true, "SECRET_KEY",
				set ? "set" : "not set: a generated development secret is in use (openssl rand -hex 32)");
	}

	/** TLS, and the public address links point to. */
	private void transport(Environment env, Settings settings) {
		boolean tls = StringUtils.hasText(env.getProperty("TLS_CERT_FILE"));
		boolean proxied = !settings.web().trustedProxies().isEmpty();
		result(tls || proxied, true, "HTTPS",
				tls ? "built-in TLS" : !proxied ? "no TLS_CERT_FILE and no TRUSTED_PROXIES: nothing terminates TLS"
						: "behind the proxy in TRUSTED_PROXIES, which must terminate TLS");
		String publicUrl = settings.auth().publicUrl().toString();
		boolean https = publicUrl.toLowerCase(Locale.ROOT).startsWith("https://");
		result(https, true, "PUBLIC_URL",
				https ? publicUrl : publicUrl + " is not https:// (reset links use it; production refuses it)");
	}

	/** The addresses it listens on, and which other sites may call it from a browser. */
	private void reach(Environment env, Settings settings) {
		addresses(env, StringUtils.hasText(env.getProperty("TLS_CERT_FILE")));
		List<String> origins = settings.web().allowedOrigins();
		boolean any = origins.stream().anyMatch((origin) -> origin.contains("*"));
		result(!any, false, "ALLOWED_ORIGINS", origins.isEmpty() ? "none (same-origin only)"
				: any ? "*: any site may call the API" : origins.size() + " origin(s)");
	}

	private void edgeProtections(Environment env, Settings settings) {
		boolean limited = settings.rateLimits().enabled();
		result(limited, true, "RATE_LIMIT_ENABLED", String.valueOf(limited));
		boolean headers = settings.web().securityHeaders();
		result(headers, true, "ENABLE_SECURITY_HEADERS", String.valueOf(headers));
		String logFormat = StringUtils.hasText(env.getProperty("logging.structured.format.console")) ? "json" : "text";
		result(logFormat.equals("json"), false, "LOG_FORMAT", logFormat);
	}

	private void stores(ConfigurableApplicationContext context, Environment env) {
		database(context.getBean(DataSource.class), env.getProperty("spring.datasource.url", ""));
		safely("REDIS_URL", () -> {
			String redis = context.getBean(SharedState.class).status();
			result(!redis.equals("DOWN"), true, "REDIS_URL", redis.equals("NOT_CONFIGURED")
					? "not set: limits, bans and revocations are per instance" : "Redis " + redis);
		});
	}

	/** Someone to run it, and who may sign up. */
	private void people(ConfigurableApplicationContext context, Settings settings) {
		safely("administrator", () -> {
			long admins = context.getBean(AccountDirectory.class).activeAdmins();
			result(admins > 0, true, "administrator",
					(admins > 0) ? admins + " active"
							: "none: enter the 'Bastion setup code' from the server's log in the web UI, "
									+ "or java -jar bastion.jar admin create-admin USERNAME EMAIL");
		});
		RegistrationMode registration = settings.accounts().registrationMode();
		boolean open = registration == RegistrationMode.OPEN;
		result(!open, false, "REGISTRATION",
				open ? "open: anyone who reaches Bastion can sign up (approval, invite or closed keep strangers out)"
						: registration.value());
	}

	/** Model providers, mail, and where alerts go. */
	private void outsideServices(ConfigurableApplicationContext context, Environment env, Settings settings) {
		safely("providers", () -> providers(context.getBean(ChatHealth.class).probeProviders()));
		result(StringUtils.hasText(env.getProperty("spring.mail.host")), false, "SMTP_HOST",
				StringUtils.hasText(env.getProperty("spring.mail.host")) ? "set"
						: "not set: password-reset e-mails are not sent");
		boolean alerting = settings.audit().alerting();
		result(alerting, false, "ALERT_WEBHOOK_URL", alerting ? "set" : "not set: CRITICAL events only reach the logs");
	}

	private void jwtSecretKey(@Nullable Secret secret) {
		if (secret == null || secret.isBlank()) {
			result(true, false, "JWT_SECRET_KEY", "not set: ES256 keys, generated and rotatable");
			return;
		}
		boolean placeholder = MasterSecret.isPlaceholder(secret.reveal());
		result(!placeholder, true, "JWT_SECRET_KEY",
				placeholder ? "looks like a placeholder: whoever guesses it forges any token (production refuses it)"
						: "set: HS256, rotated only by changing it");
	}

	/**
	 * In a container every interface is the container's own, reached only through the
	 * ports published on the host.
	 */
	private void addresses(Environment env, boolean tls) {
		String container = Container.runtime(env);
		String address = env.getProperty("server.address", "127.0.0.1");
		boolean everywhere = address.equals("0.0.0.0") || address.equals("::");
		result(!everywhere || tls || container != null, false, "SERVER_ADDRESS",
				address + (!everywhere ? ""
						: (container != null)
								? ": every interface of the container (container=" + container
										+ "); publish the port on the host's loopback or behind a proxy"
								: tls ? "" : ": every interface, without built-in TLS"));
		String management = env.getProperty("management.server.address", "127.0.0.1");
		boolean loopback = management.equals("127.0.0.1") || management.equals("::1") || management.equals("localhost");
		result(loopback, false, "MANAGEMENT_ADDRESS", management + (loopback ? ""
				: ": health and metrics without authentication for every client that reaches it; allow only the scraper"));
	}

	private void database(DataSource dataSource, String url) {
		boolean embedded = url.startsWith("jdbc:h2:");
		try (Connection connection = dataSource.getConnection()) {
			boolean valid = connection.isValid(5);
			result(valid && !embedded, !valid, "database",
					!valid ? "not reachable" : embedded ? "embedded H2 in DATA_DIR: one instance only; back DATA_DIR up"
							: connection.getMetaData().getDatabaseProductName() + " reachable");
		}
		catch (SQLException ex) {
			result(false, true, "database", "not reachable (" + ex.getClass().getSimpleName() + ")");
		}
	}

	private void providers(Map<String, ChatHealth.Probe> probes) {
		if (probes.keySet().equals(Set.of("offline"))) {
			result(false, false, "providers", "only the built-in offline one: set OPENAI_API_KEY or GEMINI_API_KEY");
			return;
		}
		probes.forEach((name, probe) -> result(probe.reachable(), true, "provider " + name, probe.detail()));
	}

	/**
	 * Runs a check that needs a store; one that cannot be reached fails that check only.
	 */
	private void safely(String check, Runnable run) {
		try {
			run.run();
		}
		catch (RuntimeException ex) {
			fail(check, "could not be checked (" + ex.getClass().getSimpleName() + ")");
		}
	}

	/** A passed check, or a failure ({@code required}) or a warning. */
	private void result(boolean passed, boolean required, String check, String detail) {
		String level = passed ? "PASS" : (required ? "FAIL" : "WARN");
		this.failed |= !passed && required;
		this.lines.add(level + "  " + check + ": " + detail);
	}

	private void fail(String check, String detail) {
		result(false, true, check, detail);
	}

	private static @Nullable InsecureConfigurationException refusal(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof InsecureConfigurationException refusal) {
				return refusal;
			}
		}
		return null;
	}

}
