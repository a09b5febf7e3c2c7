package dev.bastion.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

import dev.probe.ProbeController;

/**
 * Adds the test-only {@link ProbeController} under {@code /probe/**}, with a chain that
 * lets anyone call it, to exercise the edge before feature endpoints exist.
 */
@TestConfiguration(proxyBeanMethods = false)
public class EdgeProbe {

	@Bean
	@Order(0)
	SecurityFilterChain probeFilterChain(HttpSecurity http) {
		http.securityMatcher("/probe/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.headers((headers) -> headers.disable());
		return http.build();
	}

	@Bean
	ProbeController probeController() {
		return new ProbeController();
	}

}
