package dev.bastion.ratelimit;

import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.bastion.audit.BoundedAudit;
import dev.bastion.auth.CallerHints;
import dev.bastion.sharedstate.SharedState;
import dev.bastion.system.InsecureConfigurationException;
import dev.bastion.web.ProblemResponses;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
class RateLimitConfiguration {

	/**
	 * After the edge's own filters (request id, client address, headers, size), before
	 * security.
	 */
	static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

	static final String REGISTER_IPV6_SITE = "register-ipv6-48";

	static final String REGISTER_GLOBAL = "register-global";

	@Bean
	@ConfigurationPropertiesBinding
	static Rate.FromSetting rateFromSetting() {
		return new Rate.FromSetting();
	}

	/** A production service without rate limits is an open door for brute force. */
	@Bean
	InitializingBean rateLimitRequiredInProduction(RateLimitProperties properties, Environment environment) {
		return () -> {
			if (!properties.enabled() && environment.matchesProfiles("production")) {
				throw new InsecureConfigurationException("RATE_LIMIT_ENABLED", "is false in production",
						"Remove RATE_LIMIT_ENABLED=false; raise individual limits instead if they are too tight.");
			}
		};
	}

	@Bean
	RateLimiter rateLimiter(RateLimitProperties properties, SharedState shared) {
		Map<EndpointClass, RatePolicy> policies = new EnumMap<>(EndpointClass.class);
		policies.put(EndpointClass.DEFAULT, properties.defaultPolicy().named("default"));
		policies.put(EndpointClass.CHAT, properties.chat().named("chat"));
		policies.put(EndpointClass.LOGIN, properties.login().named("login"));
		policies.put(EndpointClass.REGISTER, properties.register().named("register"));
		policies.put(EndpointClass.PASSWORD_RESET, properties.passwordReset().named("password-reset"));
		policies.put(EndpointClass.HEALTH, properties.health().named("health"));
		return new RateLimiter(policies, List.of(registrationSite(properties), registrationGlobal(properties)), shared);
	}

	@Bean
	RegistrationLimits registrationLimits(RateLimitProperties properties, RateLimiter limiter) {
		return new RegistrationLimits(limiter, registrationSite(properties), registrationGlobal(properties));
	}

	private static RatePolicy registrationSite(RateLimitProperties properties) {
		return properties.registerIpv6Site().named(REGISTER_IPV6_SITE);
	}

	private static RatePolicy registrationGlobal(RateLimitProperties properties) {
		return properties.registerGlobal().named(REGISTER_GLOBAL);
	}

	@Bean
	EmergencyLimit emergencyLimit(SharedState shared, RateLimiter limiter) {
		return new EmergencyLimit(shared.values("emergency"), limiter);
	}

	@Bean
	Bans bans(SharedState shared, Clock clock) {
		return new Bans(shared.values("ban:"), clock);
	}

	@Bean
	IntrusionDetection intrusionDetection(Bans bans, RateLimitProperties properties, SharedState shared,
			ApplicationEventPublisher events) {
		return new IntrusionDetection(bans, properties, shared.counters("ids:", properties.detectionWindow()), events);
	}

	@Bean
	RateLimitResponses rateLimitResponses(ProblemResponses problems, ApplicationEventPublisher events, Clock clock,
			RateLimitMetrics metrics) {
		return new RateLimitResponses(problems, new BoundedAudit(events, clock), metrics);
	}

	@Bean
	RateLimitMetrics rateLimitMetrics(ObjectProvider<MeterRegistry> registry) {
		return new RateLimitMetrics(registry.getIfAvailable(SimpleMeterRegistry::new));
	}

	@Bean
	FilterRegistrationBean<RateLimitFilter> rateLimitFilter(RateLimitProperties properties, RateLimiter limiter,
			EmergencyLimit emergency, Bans bans, RateLimitResponses responses, CallerHints callers,
			RegistrationLimits registrations) {
		FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(
				new RateLimitFilter(limiter, emergency, bans, responses, callers, registrations));
		registration.setOrder(FILTER_ORDER);
		registration.setEnabled(properties.enabled());
		return registration;
	}

	@Bean
	WebMvcConfigurer userRateLimits(RateLimitProperties properties, RateLimiter limiter, RateLimitResponses responses) {
		return new WebMvcConfigurer() {
			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				if (properties.enabled()) {
					registry.addInterceptor(new UserRateLimitInterceptor(limiter, responses))
						.addPathPatterns("/api/**", "/v1/**");
				}
			}
		};
	}

}
