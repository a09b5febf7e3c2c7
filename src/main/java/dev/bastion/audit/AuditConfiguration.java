package dev.bastion.audit;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskExecutor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.StringUtils;

import dev.bastion.system.InsecureConfigurationException;
import dev.bastion.crypto.MasterSecret;

@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

	private static final Duration MIN_ANCHOR_INTERVAL = Duration.ofSeconds(1);

	private static final Duration MAX_ANCHOR_INTERVAL = Duration.ofDays(1);

	@Bean
	ChainKey auditChainKey(MasterSecret secret) {
		return new ChainKey(secret);
	}

	/**
	 * The signed head in the log and in {@code AUDIT_ANCHOR_FILE}, every
	 * {@code AUDIT_ANCHOR_INTERVAL}.
	 */
	@Bean
	AuditAnchors auditAnchors(ChainKey key, JdbcClient jdbc, @Value("${bastion.audit.anchor-file}") Path file,
			@Value("${bastion.audit.anchor-interval}") Duration interval) {
		if (interval.compareTo(MIN_ANCHOR_INTERVAL) < 0 || interval.compareTo(MAX_ANCHOR_INTERVAL) > 0) {
			throw new InsecureConfigurationException("AUDIT_ANCHOR_INTERVAL", "must be from 1s to 1d",
					"Newer audit events than the last anchor can be cut off unnoticed after a restart: use the default of 10m.");
		}
		return new AuditAnchors(key, jdbc, file);
	}

	/** CRITICAL events to {@code ALERT_WEBHOOK_URL}, when set. */
	@Bean
	AlertWebhook alertWebhook(@Value("${ALERT_WEBHOOK_URL:}") String url,
			@Value("${ALERT_WEBHOOK_RETRIES:3}") int retries,
			@Qualifier("applicationTaskExecutor") TaskExecutor executor, AuditAnchors anchors, Clock clock) {
		return new AlertWebhook(StringUtils.hasText(url) ? URI.create(url.strip()) : null, retries,
				Duration.ofMillis(500), executor, anchors, clock);
	}

}
