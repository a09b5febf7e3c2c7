package dev.bastion.support;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import dev.bastion.BastionApplication;

/**
 * Starts Bastion the way an operator does: settings as real environment variables (seen
 * by start-up processing, with environment precedence), on random ports.
 */
public final class Launcher {

	private Launcher() {
	}

	public static ConfigurableApplicationContext start(Map<String, String> variables, String... profiles) {
		StandardEnvironment standard = new StandardEnvironment();
		standard.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, processEnvironment(variables));
		return new SpringApplicationBuilder(BastionApplication.class).environment(standard).profiles(profiles).run();
	}

	/**
	 * The process environment of a start with these variables: this process's own, on
	 * random ports, with {@code variables} set over it.
	 */
	static SystemEnvironmentPropertySource processEnvironment(Map<String, String> variables) {
		Map<String, Object> environment = new HashMap<>(System.getenv());
		environment.put("SERVER_PORT", "0");
		environment.put("MANAGEMENT_PORT", "0");
		environment.putAll(variables);
		return new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
				environment);
	}

	public static int port(ConfigurableApplicationContext context) {
		return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

}
