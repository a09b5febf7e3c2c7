package dev.bastion.audit;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskExecutor;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.bastion.system.Secret;
import dev.bastion.crypto.MasterSecret;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditProperties.class)
class AuditConfiguration {

	@Bean
	ChainKey auditChainKey(MasterSecret secret) {
		return new ChainKey(secret);
	}

	/**
	 * The signed head in the log and in {@code AUDIT_ANCHOR_FILE}, every
	 * {@code AUDIT_ANCHOR_INTERVAL}.
	 */
	@Bean
	AuditAnchors auditAnchors(ChainKey key, JdbcClient jdbc, AuditProperties properties) {
		return new AuditAnchors(key, jdbc, properties.anchorFile());
	}

	/** CRITICAL events to {@code ALERT_WEBHOOK_URL}, when set. */
	@Bean
	AlertWebhook alertWebhook(AuditProperties properties, @Qualifier("applicationTaskExecutor") TaskExecutor executor,
			AuditAnchors anchors, Clock clock) {
		Secret url = properties.alertWebhookUrl();
		return new AlertWebhook(properties.alerting() && url != null ? URI.create(url.reveal().strip()) : null,
				properties.alertWebhookRetries(), Duration.ofMillis(500), executor, anchors, clock);
	}

}
