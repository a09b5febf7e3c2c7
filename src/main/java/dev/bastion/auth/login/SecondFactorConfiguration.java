package dev.bastion.auth.login;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.bastion.account.AccountDirectory;
import dev.bastion.auth.AuthProperties;
import dev.bastion.auth.passkey.PasskeyAssertions;
import dev.bastion.auth.totp.SecondFactor;

/**
 * Second factors: the second step of a password login, and {@code REQUIRE_2FA}'s
 * {@link SecondFactorGate} on every API call.
 */
@Configuration(proxyBeanMethods = false)
class SecondFactorConfiguration {

	@Bean
	SecondFactorGate secondFactorGate(AuthProperties properties, AccountDirectory accounts,
			PasskeyAssertions passkeys) {
		return new SecondFactorGate(properties.requireSecondFactor(), accounts, passkeys);
	}

	@Bean
	LoginSecondStep loginSecondStep(SecondFactor totp, PasskeyAssertions passkeys, AuthProperties properties) {
		return new LoginSecondStep(totp, passkeys, properties.requireSecondFactor());
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
