package dev.bastion.auth.login;

import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.bastion.auth.LoginFailed;

/**
 * Logins by outcome, for Prometheus, counted from the security events every login
 * publishes already: {@code outcome} is {@code success} or {@code failure};
 * {@code reason} is how the user proved it on success ({@code password},
 * {@code password+passkey}, {@code passkey}) and what failed on failure
 * ({@code password}, {@code totp}, {@code locked}, {@code passkey}...). Both are the
 * code's own words, never what a caller typed; a word of another shape is counted as
 * {@code other}, so the series stay few.
 */
@Component
final class LoginMetrics {

	static final String LOGINS = "bastion.logins";

	private static final Pattern REASON = Pattern.compile("[a-z0-9+-]{1,40}");

	private static final String[] COMMON_FAILURES = { "password", "totp", "locked" };

	private final MeterRegistry registry;

	LoginMetrics(ObjectProvider<MeterRegistry> registry) {
		this.registry = registry.getIfAvailable(SimpleMeterRegistry::new);
		counter("success", "password");
		counter("success", "password+passkey");
		for (String reason : COMMON_FAILURES) {
			counter("failure", reason);
		}
	}

	@EventListener
	void on(SecurityEvents.LoginSucceeded succeeded) {
		counter("success", succeeded.method()).increment();
	}

	@EventListener
	void on(LoginFailed failed) {
		counter("failure", failed.reason()).increment();
	}

	@EventListener
	void on(ExternalLogins.ExternalLoginFailed failed) {
		counter("failure", failed.reason()).increment();
	}

	private Counter counter(String outcome, String reason) {
		return Counter.builder(LOGINS)
			.description("Logins by outcome")
			.tag("outcome", outcome)
			.tag("reason", REASON.matcher(reason).matches() ? reason : "other")
			.register(this.registry);
	}

}
