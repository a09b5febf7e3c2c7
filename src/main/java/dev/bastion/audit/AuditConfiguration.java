package dev.bastion.audit;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskExecutor;
import org.springframework.util.StringUtils;

@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

	/** CRITICAL events to {@code ALERT_WEBHOOK_URL}, when set. */
	@Bean
	AlertWebhook alertWebhook(@Value("${ALERT_WEBHOOK_URL:}") String url,
			@Value("${ALERT_WEBHOOK_RETRIES:3}") int retries,
			@Qualifier("applicationTaskExecutor") TaskExecutor executor, Clock clock) {
		return new AlertWebhook(StringUtils.hasText(url) ? URI.create(url.strip()) : null, retries,
				Duration.ofMillis(500), executor, clock);
	}

}
