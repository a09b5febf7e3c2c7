package dev.bastion.auth;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.bastion.account.AccountDirectory;

/** {@code REQUIRE_2FA}: every API call passes the {@link SecondFactorGate}. */
@Configuration(proxyBeanMethods = false)
class SecondFactorConfiguration {

	@Bean
	SecondFactorGate secondFactorGate(AuthProperties properties, AccountDirectory accounts, PasskeyUsers passkeyUsers,
			PasskeyCredentials passkeys) {
		return new SecondFactorGate(properties.requireSecondFactor(), accounts, passkeyUsers, passkeys);
	}

	@Bean
	WebMvcConfigurer secondFactorGateRegistration(SecondFactorGate gate) {
		return new WebMvcConfigurer() {
			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				registry.addInterceptor(gate).addPathPatterns("/api/**", "/v1/**");
			}
		};
	}

}
