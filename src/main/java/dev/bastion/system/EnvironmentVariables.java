package dev.bastion.system;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.PropertySources;

/**
 * The one place that says which documented environment variable sets which
 * {@code bastion.*} property. A variable that is set (even to an empty string) gives its
 * properties its value; one that is unset gives them nothing, so the default written in
 * the module's configuration record applies ({@code @DefaultValue}). This replaces
 * {@code ${VARIABLE:default}} placeholders in {@code application.yml}, which wrote every
 * default a second time.
 * <p>
 * The variables rank above {@code application*.yml} (so
 * {@code application-production.yml} gives production's defaults, and a variable still
 * overrides them) and below everything Spring ranks above those files (system properties,
 * the environment's own {@code BASTION_*} names, test properties).
 */
public final class EnvironmentVariables implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY_SOURCE_NAME = "bastionEnvironmentVariables";

	/**
	 * Each variable and the properties it sets, in the configuration reference's order.
	 */
	static final Map<String, List<String>> VARIABLES = variables();

	private static final Map<String, String> BY_PROPERTY = byProperty();

	private static Map<String, List<String>> variables() {
		Map<String, List<String>> variables = new LinkedHashMap<>();
		variables.put("HTTP_PORT", List.of("bastion.web.http-port"));
		variables.put("SECRET_KEY", List.of("bastion.secrets.secret-key"));
		variables.put("ALLOWED_ORIGINS", List.of("bastion.web.allowed-origins"));
		variables.put("CORS_ALLOW_CREDENTIALS", List.of("bastion.web.cors-allow-credentials"));
		variables.put("TRUSTED_PROXIES", List.of("bastion.web.trusted-proxies"));
		variables.put("ENABLE_SECURITY_HEADERS", List.of("bastion.web.security-headers"));
		variables.put("MAX_REQUEST_SIZE", List.of("bastion.web.max-request-size", "bastion.chat.voice.max-bytes"));
		variables.put("REQUEST_BODY_TIMEOUT", List.of("bastion.web.request-body-timeout"));
		variables.put("RATE_LIMIT_ENABLED", List.of("bastion.ratelimit.enabled"));
		variables.put("RATE_LIMIT_DEFAULT", List.of("bastion.ratelimit.default-policy"));
		variables.put("RATE_LIMIT_CHAT", List.of("bastion.ratelimit.chat"));
		variables.put("RATE_LIMIT_LOGIN", List.of("bastion.ratelimit.login"));
		variables.put("RATE_LIMIT_REGISTER", List.of("bastion.ratelimit.register"));
		variables.put("RATE_LIMIT_PASSWORD_RESET", List.of("bastion.ratelimit.password-reset"));
		variables.put("RATE_LIMIT_HEALTH", List.of("bastion.ratelimit.health"));
		variables.put("RATE_LIMIT_REGISTER_IPV6_48", List.of("bastion.ratelimit.register-ipv6-site"));
		variables.put("RATE_LIMIT_REGISTER_GLOBAL", List.of("bastion.ratelimit.register-global"));
		variables.put("BAN_AFTER_FAILED_LOGINS", List.of("bastion.ratelimit.ban-after-failed-logins"));
		variables.put("BAN_AFTER_DISTINCT_USERNAMES", List.of("bastion.ratelimit.ban-after-distinct-usernames"));
		variables.put("INTRUSION_WINDOW", List.of("bastion.ratelimit.detection-window"));
		variables.put("BAN_DURATION", List.of("bastion.ratelimit.ban-duration"));
		variables.put("ALERT_WEBHOOK_URL", List.of("bastion.audit.alert-webhook-url"));
		variables.put("ALERT_WEBHOOK_RETRIES", List.of("bastion.audit.alert-webhook-retries"));
		variables.put("AUDIT_ANCHOR_FILE", List.of("bastion.audit.anchor-file"));
		variables.put("AUDIT_ANCHOR_INTERVAL", List.of("bastion.audit.anchor-interval"));
		variables.put("HEALTH_CACHE_TTL", List.of("bastion.health.cache-ttl"));
		variables.put("REGISTRATION", List.of("bastion.account.registration"));
		variables.put("OIDC_ISSUER", List.of("bastion.sso.issuer"));
		variables.put("OIDC_CLIENT_ID", List.of("bastion.sso.client-id"));
		variables.put("OIDC_CLIENT_SECRET", List.of("bastion.sso.client-secret"));
		variables.put("OIDC_SCOPES", List.of("bastion.sso.scopes"));
		variables.put("OIDC_NAME", List.of("bastion.sso.name"));
		variables.put("OIDC_ROLE_CLAIM", List.of("bastion.sso.role-claim"));
		variables.put("OIDC_ADMIN_VALUES", List.of("bastion.sso.admin-values"));
		variables.put("LOCAL_LOGIN", List.of("bastion.account.local-login"));
		variables.put("LOCAL_LOGIN_BREAK_GLASS", List.of("bastion.account.local-login-break-glass"));
		variables.put("MIN_PASSWORD_LENGTH", List.of("bastion.account.min-password-length"));
		variables.put("MAX_PASSWORD_LENGTH", List.of("bastion.account.max-password-length"));
		variables.put("MIN_PASSWORD_ENTROPY", List.of("bastion.account.min-password-entropy"));
		variables.put("PASSWORD_HISTORY_COUNT", List.of("bastion.account.password-history-count"));
		variables.put("JWT_ACCESS_TOKEN_EXPIRES", List.of("bastion.auth.access-token-ttl"));
		variables.put("JWT_REFRESH_TOKEN_EXPIRES", List.of("bastion.auth.refresh-token-ttl"));
		variables.put("JWT_SECRET_KEY", List.of("bastion.auth.jwt-secret-key"));
		variables.put("SIGNING_KEY_RELOAD_INTERVAL", List.of("bastion.auth.signing-key-reload"));
		variables.put("MAX_LOGIN_ATTEMPTS", List.of("bastion.auth.max-login-attempts"));
		variables.put("LOGIN_FAILURE_WINDOW", List.of("bastion.auth.lockout-window"));
		variables.put("ACCOUNT_LOCKOUT_DURATION", List.of("bastion.auth.lockout-duration"));
		variables.put("PASSWORD_RESET_TOKEN_EXPIRES", List.of("bastion.auth.password-reset-ttl"));
		variables.put("MAX_API_KEYS", List.of("bastion.auth.max-api-keys"));
		variables.put("REQUIRE_2FA", List.of("bastion.auth.require-second-factor"));
		variables.put("MAX_DEVICE_TOKENS", List.of("bastion.auth.max-device-tokens"));
		variables.put("MAX_LOGINS", List.of("bastion.auth.max-logins"));
		variables.put("PUBLIC_URL", List.of("bastion.auth.public-url", "bastion.web.public-url"));
		variables.put("MAIL_FROM", List.of("bastion.auth.mail-from"));
		variables.put("LOGIN_QUEUE_TIMEOUT", List.of("bastion.account.hashing-queue-timeout"));
		variables.put("REQUIRE_AUTH", List.of("bastion.web.require-auth"));
		variables.put("PROVIDER_ORDER", List.of("bastion.chat.provider-order"));
		variables.put("OPENAI_API_KEY", List.of("bastion.chat.openai-api-key"));
		variables.put("OPENAI_BASE_URL", List.of("bastion.chat.openai-base-url"));
		variables.put("OPENAI_MODEL", List.of("bastion.chat.openai-model"));
		variables.put("OPENAI_MODELS", List.of("bastion.chat.openai-models"));
		variables.put("GEMINI_API_KEY", List.of("bastion.chat.gemini.api-key"));
		variables.put("GEMINI_MODEL", List.of("bastion.chat.gemini.model"));
		variables.put("GEMINI_BASE_URL", List.of("bastion.chat.gemini.base-url"));
		variables.put("GEMINI_MODELS", List.of("bastion.chat.gemini.models"));
		variables.put("MODELS_FILE", List.of("bastion.chat.models-file"));
		variables.put("SPEECH_MODEL", List.of("bastion.chat.voice.transcription-model"));
		variables.put("VOICE_TEMP_DIR", List.of("bastion.chat.voice.temp-dir"));
		variables.put("PROVIDER_TIMEOUT", List.of("bastion.chat.provider-timeout"));
		variables.put("PROVIDER_CIRCUIT_OPEN_FOR", List.of("bastion.chat.circuit-open-for"));
		variables.put("CHAT_MAX_MESSAGE_CHARS", List.of("bastion.chat.max-message-chars"));
		variables.put("CHAT_MAX_CONTEXT_MESSAGES", List.of("bastion.chat.max-context-messages"));
		variables.put("CHAT_MAX_CONTEXT_CHARS", List.of("bastion.chat.max-context-chars"));
		variables.put("CHAT_MAX_TOKENS", List.of("bastion.chat.max-tokens"));
		variables.put("CHAT_SYSTEM_PROMPT", List.of("bastion.chat.system-prompt"));
		variables.put("CHAT_PRESETS_MAX", List.of("bastion.presets.max"));
		variables.put("CHAT_DAILY_TOKEN_BUDGET", List.of("bastion.chat.daily-token-budget"));
		variables.put("CHAT_SESSION_IDLE", List.of("bastion.chat.session-idle"));
		variables.put("CHAT_MEMORY_MAX_CHARS", List.of("bastion.chat.memory-max-chars"));
		variables.put("CHAT_CACHE_ENABLED", List.of("bastion.chat.cache.enabled"));
		variables.put("CHAT_CACHE_TTL", List.of("bastion.chat.cache.ttl"));
		variables.put("CHAT_CACHE_MAX_ENTRIES", List.of("bastion.chat.cache.max-entries"));
		variables.put("CHAT_HISTORY", List.of("bastion.chat.history.mode"));
		variables.put("CHAT_HISTORY_KEY", List.of("bastion.chat.history.key"));
		variables.put("CHAT_HISTORY_PREVIOUS_KEYS", List.of("bastion.chat.history.previous-keys"));
		variables.put("CHAT_HISTORY_RETENTION", List.of("bastion.chat.history.retention"));
		variables.put("WEB_SESSION_ABSOLUTE", List.of("bastion.auth.web-session-absolute"));
		variables.put("REDIS_URL", List.of("bastion.shared-state.url"));
		variables.put("REDIS_FAILURE_POLICY", List.of("bastion.shared-state.failure-policy"));
		variables.put("REDIS_TIMEOUT", List.of("bastion.shared-state.timeout"));
		variables.put("BACKUP_KEY", List.of("bastion.backup.key"));
		variables.put("BACKUP_DIR", List.of("bastion.backup.dir"));
		variables.put("BACKUP_SCHEDULE", List.of("bastion.backup.schedule"));
		variables.put("BACKUP_KEEP", List.of("bastion.backup.keep"));
		return Collections.unmodifiableMap(variables);
	}

	private static Map<String, String> byProperty() {
		Map<String, String> byProperty = new LinkedHashMap<>();
		VARIABLES
			.forEach((variable, properties) -> properties.forEach((property) -> byProperty.put(property, variable)));
		return byProperty;
	}

	/** The variable that sets {@code property}, if one does. */
	public static @Nullable String variable(String property) {
		return BY_PROPERTY.get(property);
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		var sources = environment.getPropertySources();
		Variables variables = new Variables(environment);
		String firstFile = sources.stream()
			.map(PropertySource::getName)
			.filter((name) -> name.startsWith("Config resource"))
			.findFirst()
			.orElse(null);
		if (firstFile != null) {
			sources.addBefore(firstFile, variables);
		}
		else {
			sources.addLast(variables);
		}
	}

	@Override
	public int getOrder() {
		// After the config data processor, so that the application*.yml sources exist.
		return Ordered.LOWEST_PRECEDENCE;
	}

	/**
	 * The properties whose variable is set, looked up when asked for in the environment's
	 * other sources, highest first. The value is returned as written, as the variable's
	 * own source would give it: the binder resolves any placeholder in it leniently, as
	 * before, where the environment would resolve it strictly and refuse to start over an
	 * unresolvable placeholder inside a secret or a prompt, quoting the value in its
	 * message.
	 * <p>
	 * Not enumerable on purpose: Spring Boot lists an enumerable source's names again at
	 * every lookup of any property, which here would mean a lookup of every variable in
	 * every source, and made each environment lookup three times as slow at start-up.
	 * Asked by name only, a property without a variable costs one map lookup.
	 */
	private static final class Variables extends PropertySource<PropertySources> {

		Variables(ConfigurableEnvironment environment) {
			super(PROPERTY_SOURCE_NAME, environment.getPropertySources());
		}

		@Override
		public @Nullable Object getProperty(String name) {
			String variable = BY_PROPERTY.get(name);
			if (variable == null) {
				return null;
			}
			for (PropertySource<?> source : getSource()) {
				if (source != this && !ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)) {
					Object value = source.getProperty(variable);
					if (value != null) {
						return value;
					}
				}
			}
			return null;
		}

	}

}
