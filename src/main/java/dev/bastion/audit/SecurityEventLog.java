package dev.bastion.audit;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Writes every security event to the {@code security} logger (JSON in production), with
 * the client address and user agent of the request it happened in.
 */
@Component
class SecurityEventLog {

	private static final Logger security = LoggerFactory.getLogger("security");

	private static final int MAX_USER_AGENT = 200;

	@EventListener
	void on(SecurityEvent event) {
		if (event.alreadyLogged()) {
			return;
		}
		LoggingEventBuilder entry = switch (event.severity()) {
			case INFO -> security.atInfo();
			case WARNING -> security.atWarn();
			case CRITICAL -> security.atError();
		};
		entry = entry.addKeyValue("event_type", event.type()).addKeyValue("severity", event.severity().name());
		if (event.accountId() != null) {
			entry = entry.addKeyValue("user_id", event.accountId());
		}
		if (event.username() != null) {
			entry = entry.addKeyValue("username", event.username());
		}
		HttpServletRequest request = currentRequest();
		if (request != null) {
			entry = entry.addKeyValue("client_ip", request.getRemoteAddr());
			String agent = request.getHeader("User-Agent");
			if (agent != null) {
				entry = entry.addKeyValue("user_agent",
						(agent.length() > MAX_USER_AGENT) ? agent.substring(0, MAX_USER_AGENT) : agent);
			}
		}
		for (Map.Entry<String, Object> detail : event.details().entrySet()) {
			entry = entry.addKeyValue(detail.getKey(), detail.getValue());
		}
		entry.log("Security event {}", event.type());
	}

	private static @org.jspecify.annotations.Nullable HttpServletRequest currentRequest() {
		return (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)
				? attributes.getRequest() : null;
	}

}
