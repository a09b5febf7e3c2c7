package dev.bastion.auth.sso;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.bastion.account.AccountManagement;
import dev.bastion.support.Api;
import dev.bastion.support.Http;
import dev.bastion.support.Launcher;
import dev.bastion.support.TestIdentityProvider;
import dev.bastion.support.UserAgent;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code LOCAL_LOGIN=false} with sign-up closed: nobody signs in with a password but the
 * break-glass administrator, single sign-on still works, and it makes no account.
 */
class LocalLoginOffIntegrationTests {

	static final String PASSWORD = "provider-password-2";

	static TestIdentityProvider provider;

	static ConfigurableApplicationContext bastion;

	static String base;

	static Api api;

	static String breakGlass = Api.uniqueName("root");

	static String plain = Api.uniqueName("frank");

	@BeforeAll
	static void start() {
		provider = TestIdentityProvider.start();
		bastion = Launcher.start(Map.ofEntries(Map.entry("OIDC_ISSUER", provider.issuer()),
				Map.entry("OIDC_CLIENT_ID", TestIdentityProvider.CLIENT_ID),
				Map.entry("OIDC_CLIENT_SECRET", TestIdentityProvider.CLIENT_SECRET), Map.entry("LOCAL_LOGIN", "false"),
				Map.entry("LOCAL_LOGIN_BREAK_GLASS", breakGlass), Map.entry("REGISTRATION", "closed"),
				Map.entry("RATE_LIMIT_LOGIN", "1000/1m"), Map.entry("RATE_LIMIT_DEFAULT", "10000/1h"),
				Map.entry("BAN_AFTER_FAILED_LOGINS", "1000"), Map.entry("BAN_AFTER_DISTINCT_USERNAMES", "1000")));
		base = "http://localhost:" + Launcher.port(bastion);
		provider.allowBastionAt(base);
		api = new Api(Launcher.port(bastion));
		AccountManagement accounts = bastion.getBean(AccountManagement.class);
		accounts.createAdmin(breakGlass, breakGlass + "@example.org", Api.PASSWORD);
		accounts.register(plain, plain + "@example.org", Api.PASSWORD);
	}

	@AfterAll
	static void stop() {
		bastion.close();
		provider.close();
	}

	@Test
	void passwordLoginWhenLocalLoginIsOffThen403LocalLoginDisabledRightOrWrong() {
		assertProblem(api.login(plain, Api.PASSWORD), 403, "LOCAL_LOGIN_DISABLED");
		assertProblem(api.login(plain, "not-the-password-42"), 403, "LOCAL_LOGIN_DISABLED");
		assertProblem(api.login(plain + "@example.org", Api.PASSWORD), 403, "LOCAL_LOGIN_DISABLED");
		assertProblem(
				new UserAgent(base).call("POST", "/web/session",
						"{\"username\": \"" + plain + "\", \"password\": \"" + Api.PASSWORD + "\"}"),
				403, "LOCAL_LOGIN_DISABLED");
		// The break-glass administrator is named by username only.
		assertProblem(api.login(breakGlass + "@example.org", Api.PASSWORD), 403, "LOCAL_LOGIN_DISABLED");
	}

	@Test
	void signUpWithAPasswordWhenLocalLoginIsOffThen403LocalLoginDisabledAndReportedClosed() {
		String name = Api.uniqueName("mallory");
		assertProblem(api.http()
			.postJson("/api/v1/auth/register", "{\"username\": \"" + name + "\", \"email\": \"" + name
					+ "@example.org\", \"password\": \"" + Api.PASSWORD + "\"}"),
				403, "LOCAL_LOGIN_DISABLED");
		assertThat(Http.json(api.http().get("/api/v1/auth/registration")).path("mode").asString()).isEqualTo("closed");
	}

	@Test
	void breakGlassAdministratorWhenLocalLoginIsOffThenSignsInWithThePassword() {
		HttpResponse<String> login = api.login(breakGlass, Api.PASSWORD);
		assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
		assertThat(Http.json(login).path("user").path("role").asString()).isEqualTo("ADMIN");

		UserAgent browser = new UserAgent(base);
		HttpResponse<String> web = browser.call("POST", "/web/session",
				"{\"username\": \"" + breakGlass + "\", \"password\": \"" + Api.PASSWORD + "\"}");
		assertThat(web.statusCode()).as(web.body()).isEqualTo(200);
		assertThat(browser.get(base + "/api/v1/admin/users").statusCode()).isEqualTo(200);
		// A wrong password is still a counted failure for the break-glass account.
		assertProblem(api.login(breakGlass, "not-the-password-42"), 401, "INVALID_CREDENTIALS");
	}

	@Test
	void singleSignOnWhenSignUpIsClosedThenNoAccountIsMade() {
		String name = Api.uniqueName("stranger");
		provider.user(name, PASSWORD,
				Map.of("email", name + "@example.test", "email_verified", true, "preferred_username", name));
		UserAgent browser = new UserAgent(base);

		assertThat(browser.signIn(name, PASSWORD)).isEqualTo("/#/login?sso=closed");

		assertProblem(browser.get(base + "/api/v1/users/me"), 401, "AUTHENTICATION_REQUIRED");
		assertThat(bastion.getBean(JdbcClient.class)
			.sql("select count(*) from accounts where email = ?")
			.param(name + "@example.test")
			.query(Long.class)
			.single()).isZero();
	}

	/**
	 * With password sign-in off, the identity an account signs in with is its only way
	 * in: removing it, even with the right password, is refused, and it still signs in.
	 */
	@Test
	void removingTheOnlyWayInWhenLocalLoginIsOffThenRefusedAndTheIdentityStillSignsIn() {
		String owner = Api.uniqueName("judy");
		bastion.getBean(AccountManagement.class).register(owner, owner + "@example.org", Api.PASSWORD);
		String idp = Api.uniqueName("judy-at-idp");
		provider.user(idp, PASSWORD, Map.of("email", owner + "@example.org", "email_verified", true));
		UserAgent browser = new UserAgent(base);
		assertThat(browser.signIn(idp, PASSWORD)).isEqualTo("/#/sso-link");
		assertThat(browser.call("POST", "/web/sso/link", "{\"password\": \"" + Api.PASSWORD + "\"}").statusCode())
			.isEqualTo(200);
		String id = Http.json(browser.get(base + "/api/v1/users/me/sso-links"))
			.path("sso_links")
			.get(0)
			.path("id")
			.asString();

		assertProblem(browser.call("DELETE", "/api/v1/users/me/sso-links/" + id,
				"{\"current_password\": \"" + Api.PASSWORD + "\"}"), 409, "CONFLICT");

		assertThat(new UserAgent(base).signIn(idp, PASSWORD)).isEqualTo("/#/chat");
	}

	@Test
	void singleSignOnWhenLocalLoginIsOffThenLinksWithThePasswordAndSignsIn() {
		String idp = Api.uniqueName("frank-at-idp");
		provider.user(idp, PASSWORD, Map.of("email", plain + "@example.org", "email_verified", true));
		UserAgent browser = new UserAgent(base);
		assertThat(browser.signIn(idp, PASSWORD)).isEqualTo("/#/sso-link");

		HttpResponse<String> linked = browser.call("POST", "/web/sso/link", "{\"password\": \"" + Api.PASSWORD + "\"}");

		assertThat(linked.statusCode()).as(linked.body()).isEqualTo(200);
		assertThat(Http.json(browser.get(base + "/api/v1/users/me")).path("username").asString()).isEqualTo(plain);
		assertThat(new UserAgent(base).signIn(idp, PASSWORD)).isEqualTo("/#/chat");
	}

}
