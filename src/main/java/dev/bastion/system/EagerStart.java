package dev.bastion.system;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Refuses Spring Boot's lazy initialization for the service. Bastion refuses unsafe
 * settings at start-up in beans that nothing else asks for (rate limiting in production,
 * the JWT key, passkeys' relying party, ...): lazy, they would never be created, and a
 * service tuned for a faster start would run without those checks. The admin command line
 * starts its own lazy contexts in code, which this does not see.
 */
final class EagerStart implements EnvironmentPostProcessor {

	static final String PROPERTY = "spring.main.lazy-initialization";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (Boolean.TRUE.equals(environment.getProperty(PROPERTY, Boolean.class))) {
			throw new InsecureConfigurationException("SPRING_MAIN_LAZY_INITIALIZATION",
					"is true, which would leave Bastion's start-up checks of unsafe settings unrun",
					"Remove it (or " + PROPERTY + "): Bastion starts its beans eagerly.");
		}
	}

}
