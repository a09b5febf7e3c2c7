package dev.bastion.sharedstate;

import java.time.Clock;
import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.bastion.system.InsecureConfigurationException;

@Configuration(proxyBeanMethods = false)
class SharedStateConfiguration {

	/** In memory, or in Redis when {@code REDIS_URL} is set: decided here, once. */
	@Bean
	SharedState sharedState(@Value("${REDIS_URL:}") String url, @Value("${REDIS_TIMEOUT:500ms}") Duration timeout,
			@Value("${REDIS_FAILURE_POLICY:closed}") String policy, ApplicationEventPublisher events, Clock clock) {
		if (!policy.equals("closed") && !policy.equals("open")) {
			throw new InsecureConfigurationException("REDIS_FAILURE_POLICY", "must be closed or open",
					"closed answers 503 while Redis is down; open falls back to each instance's own limits.");
		}
		if (url.isBlank()) {
			return new LocalState(clock);
		}
		RedisStore redis = new RedisStore(url, timeout);
		return new RedisState(redis, new FailurePolicy(policy.equals("open"), events, redis::forgetCopies), clock);
	}

}
