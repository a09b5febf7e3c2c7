package dev.bastion.auth.login;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;

import dev.bastion.account.AccountProperties;
import dev.bastion.auth.SsoProperties;
import dev.bastion.support.StartupCheck;

/**
 * Turning local sign-in off without single sign-on would lock everyone out: refused.
 */
class LocalLoginSettingsTests {

	private static final StartupCheck LOCAL_LOGIN = StartupCheck.of(LocalLogin.class, Settings.class)
		.creating("localLogin");

	@Test
	void localLoginOffWithoutSingleSignOnIsRefused() {
		LOCAL_LOGIN.assertRefused("LOCAL_LOGIN is false while single sign-on is not configured", "LOCAL_LOGIN=false");
	}

	@Test
	void localLoginOffWithSingleSignOnPasses() {
		LOCAL_LOGIN.assertStarts("LOCAL_LOGIN=false", "OIDC_ISSUER=https://login.example.org", "OIDC_CLIENT_ID=bastion",
				"OIDC_CLIENT_SECRET=sso-client-secret");
	}

	@EnableConfigurationProperties({ AccountProperties.class, SsoProperties.class })
	static class Settings {

	}

}
