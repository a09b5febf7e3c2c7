package dev.bastion.system;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;

@Configuration(proxyBeanMethods = false)
class SystemConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/** Refusals of converted settings name their environment variable. */
	@Bean
	static SettingRefusals settingRefusals(ObjectProvider<Converter<?, ?>> converters) {
		return new SettingRefusals(converters);
	}

}
