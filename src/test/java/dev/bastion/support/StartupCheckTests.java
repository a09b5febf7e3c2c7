package dev.bastion.support;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.bastion.system.InsecureConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link StartupCheck} hands to the no-echo checks of the {@code *SettingsTests}:
 * everything the run logged, as the console of a real start would show it, besides the
 * failure itself.
 */
class StartupCheckTests {

	private static final Logger LOGGER = LoggerFactory.getLogger(StartupCheckTests.class);

	@Test
	void aRefusalShowsWhatTheRunLoggedBesidesTheFailure() {
		String shown = StartupCheck.of(Loud.class)
			.creating("refusal")
			.assertRefused("LOUD_SETTING is refused", "LOUD_SETTING=value-in-a-log-line");
		assertThat(shown).contains("Turn it down.")
			.contains("WARN dev.bastion.support.StartupCheckTests : Checking LOUD_SETTING=value-in-a-log-line")
			.contains("java.lang.IllegalStateException: logged with its cause value-in-a-stack-trace")
			.doesNotContain("value-at-debug");
	}

	@Test
	void aStartShowsWhatTheRunLogged() {
		String shown = StartupCheck.of(Loud.class).creating("passed").assertStarts("LOUD_SETTING=value-in-a-log-line");
		assertThat(shown).contains("Checking LOUD_SETTING=value-in-a-log-line");
	}

	@Configuration(proxyBeanMethods = false)
	static class Loud {

		Loud(Environment environment) {
			LOGGER.warn("Checking LOUD_SETTING={}", environment.getProperty("LOUD_SETTING"));
			LOGGER.info("A cause", new IllegalStateException("logged with its cause value-in-a-stack-trace"));
			// Below what a real start prints (INFO): not shown to an operator.
			LOGGER.debug("Read value-at-debug");
		}

		@Bean
		Object refusal() {
			throw new InsecureConfigurationException("LOUD_SETTING", "is refused", "Turn it down.");
		}

		@Bean
		Object passed() {
			return "passed";
		}

	}

}
