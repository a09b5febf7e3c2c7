package dev.bastion.health;

import jakarta.servlet.DispatcherType;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HealthProperties.class)
class HealthConfiguration {

	/**
	 * Right after Spring Security's filters (firewall, authentication, authorization),
	 * for requests only: errors and async dispatches never reach it.
	 */
	@Bean
	FilterRegistrationBean<HealthReportFilter> healthReportFilter(HealthController controller, JsonMapper json) {
		FilterRegistrationBean<HealthReportFilter> registration = new FilterRegistrationBean<>(
				new HealthReportFilter(controller, json));
		registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 1);
		registration.setDispatcherTypes(DispatcherType.REQUEST);
		return registration;
	}

}
