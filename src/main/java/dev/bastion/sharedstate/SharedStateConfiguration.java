package dev.bastion.sharedstate;

import java.time.Clock;

import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.bastion.system.Secret;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SharedStateProperties.class)
class SharedStateConfiguration {

	/** In memory, or in Redis when {@code REDIS_URL} is set: decided here, once. */
	@Bean
	SharedState sharedState(SharedStateProperties properties, ApplicationEventPublisher events, Clock clock) {
		Secret url = properties.url();
		if (url == null || url.isBlank()) {
			return new LocalState(clock);
		}
		RedisStore redis = new RedisStore(url.reveal(), properties.timeout());
		return new RedisState(redis,
				new FailurePolicy(properties.failurePolicy() == RedisFailurePolicy.OPEN, events, redis::forgetCopies),
				clock);
	}

	@Bean
	@ConfigurationPropertiesBinding
	static RedisFailurePolicy.FromSetting redisFailurePolicyFromSetting() {
		return new RedisFailurePolicy.FromSetting();
	}

}
