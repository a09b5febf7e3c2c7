package dev.bastion.auth;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;

import dev.bastion.support.StartupCheck;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Login and single sign-on settings that refuse the start, each naming its variable and
 * never echoing a secret.
 */
class AuthSettingsTests {

	private static final StartupCheck AUTH = StartupCheck.of(AuthConfiguration.class).creating("authSafeInProduction");

	private static final StartupCheck SSO = StartupCheck.of(Sso.class);

	@Test
	void aPlaceholderJwtSecretKeyIsRefusedInProduction() {
		String shown = AUTH.inProduction()
			.assertRefused("JWT_SECRET_KEY looks like a placeholder, not a random secret",
					"JWT_SECRET_KEY=your-jwt-secret-key-change-me-in-production");
		shown += AUTH.inProduction()
			.assertRefused("JWT_SECRET_KEY looks like a placeholder, not a random secret",
					"JWT_SECRET_KEY=0101010101010101010101010101010101010101");
		assertThat(shown).doesNotContain("your-jwt-secret-key-change-me-in-production")
			.doesNotContain("0101010101010101010101010101010101010101");
	}

	@Test
	void aPublicUrlThatIsNotHttpsIsRefusedInProduction() {
		AUTH.inProduction()
			.assertRefused("PUBLIC_URL is not an https:// address in production",
					"PUBLIC_URL=http://bastion.example.org");
	}

	@Test
	void developmentAcceptsThoseAndProductionARandomJwtSecretKey() {
		AUTH.assertStarts("JWT_SECRET_KEY=your-jwt-secret-key-change-me-in-production",
				"PUBLIC_URL=http://127.0.0.1:8080");
		AUTH.inProduction().assertStarts("JWT_SECRET_KEY=7d2f9b4c1e8a6035f2c9e7a1b4d8c6e0a3f5b7d9c2e4");
	}

	@Test
	void aLifetimeOfNothingOrABlankSenderIsRefused() {
		AUTH.assertRefused("JWT_ACCESS_TOKEN_EXPIRES must be longer than or equal to 1 milli",
				"JWT_ACCESS_TOKEN_EXPIRES=0s");
		AUTH.assertRefused("ACCOUNT_LOCKOUT_DURATION must be longer than or equal to 1 milli",
				"ACCOUNT_LOCKOUT_DURATION=-30m");
		AUTH.assertRefused("MAIL_FROM must not be blank", "MAIL_FROM= ");
	}

	@Test
	void aLoginLimitBelowOneIsRefused() {
		AUTH.assertRefused("MAX_LOGINS must be at least 1", "MAX_LOGINS=0");
	}

	@Test
	void theDefaultsPass() {
		AUTH.assertStarts();
	}

	@Test
	void halfASingleSignOnConfigurationIsRefused() {
		String shown = SSO.assertRefused("OIDC_ISSUER is missing while single sign-on is configured",
				"OIDC_CLIENT_ID=bastion", "OIDC_CLIENT_SECRET=sso-client-secret-not-echoed");
		shown += SSO.assertRefused("OIDC_CLIENT_SECRET is missing while single sign-on is configured",
				"OIDC_ISSUER=https://login.example.org", "OIDC_CLIENT_ID=bastion");
		assertThat(shown).doesNotContain("sso-client-secret-not-echoed");
	}

	@Test
	void aPlainHttpSingleSignOnIssuerIsRefusedInProduction() {
		SSO.inProduction()
			.assertRefused("OIDC_ISSUER must be an https URL without query or fragment",
					"OIDC_ISSUER=http://login.example.org", "OIDC_CLIENT_ID=bastion",
					"OIDC_CLIENT_SECRET=sso-client-secret");
	}

	@Test
	void aRoleClaimWithoutAdminValuesIsRefused() {
		SSO.assertRefused("OIDC_ADMIN_VALUES is empty while OIDC_ROLE_CLAIM is set",
				"OIDC_ISSUER=https://login.example.org", "OIDC_CLIENT_ID=bastion",
				"OIDC_CLIENT_SECRET=sso-client-secret", "OIDC_ROLE_CLAIM=groups");
	}

	@Test
	void aCompleteSingleSignOnConfigurationPasses() {
		SSO.inProduction()
			.assertStarts("OIDC_ISSUER=https://login.example.org", "OIDC_CLIENT_ID=bastion",
					"OIDC_CLIENT_SECRET=sso-client-secret", "OIDC_ROLE_CLAIM=groups",
					"OIDC_ADMIN_VALUES=bastion-admins");
	}

	@EnableConfigurationProperties(SsoProperties.class)
	static class Sso {

	}

}
