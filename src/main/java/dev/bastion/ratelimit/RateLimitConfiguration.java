package dev.bastion.ratelimit;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.bastion.system.InsecureConfigurationException;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
class RateLimitConfiguration {

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

}
