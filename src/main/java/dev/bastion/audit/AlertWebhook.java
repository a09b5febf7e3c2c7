package dev.bastion.audit;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.context.event.EventListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Posts every {@code CRITICAL} security event as JSON to {@code ALERT_WEBHOOK_URL}, in
 * the background with a timeout and retries with back-off, so that a slow or failing
 * receiver never holds up a request. Each alert carries the signed head of the audit
 * chain.
 */
final class AlertWebhook {

	private static final Logger logger = LoggerFactory.getLogger(AlertWebhook.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final @Nullable URI url;

	private final RestClient client;

	private final RetryTemplate retry;

	private final Executor executor;

	private final AuditAnchors anchors;

	private final Clock clock;

	AlertWebhook(@Nullable URI url, int maxRetries, Duration firstDelay, Executor executor, AuditAnchors anchors,
			Clock clock) {
		this.url = url;
		JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build());
		factory.setReadTimeout(TIMEOUT);
		this.client = RestClient.builder().requestFactory(factory).build();
		this.retry = new RetryTemplate(
				RetryPolicy.builder().maxRetries(maxRetries).delay(firstDelay).multiplier(2).build());
		this.executor = executor;
		this.anchors = anchors;
		this.clock = clock;
	}

	@EventListener
	void on(SecurityEvent event) {
		URI target = this.url;
		if (target == null || event.severity() != SecurityEvent.Severity.CRITICAL) {
			return;
		}
		Map<String, Object> alert = alert(event);
		this.executor.execute(() -> send(target, alert));
	}

	private Map<String, Object> alert(SecurityEvent event) {
		Map<String, Object> alert = new LinkedHashMap<>();
		alert.put("type", event.type());
		alert.put("severity", event.severity().name());
		alert.put("time", this.clock.instant().toString());
		alert.put("request_id", MDC.get("request_id"));
		HttpServletRequest request = (RequestContextHolder
			.getRequestAttributes() instanceof ServletRequestAttributes attributes) ? attributes.getRequest() : null;
		alert.put("ip", (request != null) ? request.getRemoteAddr() : null);
		alert.put("user_id", event.accountId());
		alert.put("username", event.username());
		alert.put("details", event.details());
		// The signed head of the audit chain, this event included: an anchor kept outside
		// the database, to check it against later (verify-audit --anchor).
		alert.put("audit_anchor", this.anchors.current());
		return alert;
	}

	private void send(URI target, Map<String, Object> alert) {
		try {
			this.retry.invoke(() -> this.client.post()
				.uri(target)
				.contentType(MediaType.APPLICATION_JSON)
				.body(alert)
				.retrieve()
				.toBodilessEntity());
		}
		catch (RuntimeException ex) {
			logger.warn("The alert webhook did not accept a {} alert: {}", alert.get("type"),
					ex.getClass().getSimpleName());
		}
	}

}
