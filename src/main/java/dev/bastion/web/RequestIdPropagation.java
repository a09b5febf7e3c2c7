package dev.bastion.web;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.core.task.TaskDecorator;

/**
 * Carries the request id (and the rest of the logging context) to work a request hands to
 * Boot's task executor, such as a streamed chat reply, so its log lines still name the
 * request. Boot applies this decorator to its {@code applicationTaskExecutor}.
 */
final class RequestIdPropagation implements TaskDecorator {

	@Override
	public Runnable decorate(Runnable task) {
		@Nullable Map<String, String> context = MDC.getCopyOfContextMap();
		return () -> {
			@Nullable Map<String, String> previous = MDC.getCopyOfContextMap();
			if (context != null) {
				MDC.setContextMap(context);
			}
			try {
				task.run();
			}
			finally {
				if (previous != null) {
					MDC.setContextMap(previous);
				}
				else {
					MDC.clear();
				}
			}
		};
	}

}
