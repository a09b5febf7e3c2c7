package dev.bastion.auth;

import java.net.http.HttpResponse;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.bastion.account.AccountManagement;
import dev.bastion.support.FreePorts;
import dev.bastion.support.Api;
import dev.bastion.support.Browser;
import dev.bastion.support.Http;
import dev.bastion.support.Totp;
import dev.bastion.support.VirtualAuthenticator;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code REQUIRE_2FA=admins} through the real server: an administrator without TOTP or a
 * passkey can log in but do nothing but set one up (the admin API included), a user is
 * not covered, removing the last factor holds the account again; in Chromium an
 * administrator is walked through either factor and lands on the chat.
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT, properties = "REQUIRE_2FA=admins")
@TestInstance(Lifecycle.PER_CLASS)
class SecondFactorPolicyIntegrationTests {

	static final int PORT = FreePorts.next();

	@DynamicPropertySource
	static void publicUrl(DynamicPropertyRegistry registry) {
		PasskeysContract.publicUrl(registry, PORT);
	}

	@Autowired
	AccountManagement accounts;

	Api api;

	Browser browser;

	@BeforeAll
	void start() {
		this.api = new Api(PORT);
		this.browser = new Browser("http://localhost:" + PORT);
	}

	@AfterAll
	void stop() {
		try {
			assertThat(this.browser.cspViolations()).as("CSP violations seen by the pages").isEmpty();
			assertThat(this.browser.foreignRequests()).as("requests to other origins").isEmpty();
		}
		finally {
			this.browser.close();
		}
	}

	@Test
	void adminWithoutASecondFactorMaySetOneUpButNothingElseUntilItIsOn() {
		String token = adminToken();
		assertProblem(this.api.get("/api/v1/admin/users", token), 403, "SECOND_FACTOR_REQUIRED");
		assertProblem(this.api.post("/api/v1/chat", token, "{\"message\": \"hello\"}"), 403, "SECOND_FACTOR_REQUIRED");
		assertProblem(
				this.api.post("/api/v1/users/me/api-keys", token,
						"{\"name\": \"k\", \"current_password\": \"" + Api.PASSWORD + "\"}"),
				403, "SECOND_FACTOR_REQUIRED");
		assertThat(this.api.get("/api/v1/users/me", token).statusCode()).isEqualTo(200);

		String secret = turnOnTotp(token);

		assertThat(this.api.get("/api/v1/admin/users", token).statusCode()).isEqualTo(200);
		assertThat(secret).isNotBlank();
	}

	@Test
	void turningOffTheLastSecondFactorHoldsTheAdminAgain() {
		String token = adminToken();
		String secret = turnOnTotp(token);
		assertThat(this.api.get("/api/v1/admin/users", token).statusCode()).isEqualTo(200);

		HttpResponse<String> disabled = this.api.post("/api/v1/auth/totp/disable", token,
				"{\"password\": \"" + Api.PASSWORD + "\", \"totp_code\": \"" + Totp.code(secret, 1) + "\"}");
		assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(204);

		assertProblem(this.api.get("/api/v1/admin/users", token), 403, "SECOND_FACTOR_REQUIRED");
	}

	@Test
	void aUserIsNotCoveredWhenThePolicyIsAdmins() {
		String token = this.api.newUser("plain").get("access_token").asString();
		assertThat(this.api.get("/api/v1/models", token).statusCode()).isEqualTo(200);
		assertProblem(this.api.get("/api/v1/admin/users", token), 403, "FORBIDDEN");
	}

	@Test
	void inTheBrowserAnAdminIsWalkedThroughAnAuthenticatorAppToTheChat() {
		Page page = logIn(newAdmin());
		assertThat(page.getByRole(AriaRole.HEADING, named("Set up a second factor"))).isVisible();
		Browser.assertAccessible(page, "second-factor");

		Locator app = section(page, "Authenticator app");
		app.getByLabel("Password").fill(Api.PASSWORD);
		app.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Set up two-factor authentication"))
			.click();
		String secret = app.locator("code.secret").textContent().strip();
		app.getByLabel("Authentication code").fill(Totp.code(secret, 0));
		app.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Turn on")).click();
		app.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("I have saved them")).click();

		assertThat(page.getByRole(AriaRole.HEADING, named("Chat"))).isVisible();
		page.getByRole(AriaRole.LINK, named("Admin")).click();
		assertThat(page.getByRole(AriaRole.HEADING, named("Users"))).isVisible();
	}

	@Test
	void inTheBrowserAnAdminIsWalkedThroughAPasskeyToTheChatAndThenConfirmsEachPasswordLoginWithIt() {
		String admin = newAdmin();
		Page page = this.browser.newPage();
		VirtualAuthenticator.attach(page);
		this.browser.open(page);
		logIn(page, admin);
		assertThat(page.getByRole(AriaRole.HEADING, named("Set up a second factor"))).isVisible();

		Locator passkey = section(page, "Passkey");
		passkey.getByLabel("Name for the passkey").fill("Laptop");
		passkey.getByLabel("Current password").fill(Api.PASSWORD);
		passkey.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Add a passkey")).click();

		assertThat(page.getByRole(AriaRole.HEADING, named("Chat"))).isVisible();
		page.getByRole(AriaRole.LINK, named("Admin")).click();
		assertThat(page.getByRole(AriaRole.HEADING, named("Users"))).isVisible();

		// From now on the password alone is not enough: the passkey is the second step.
		assertThat(
				assertProblem(this.api.login(admin, Api.PASSWORD), 401, "INVALID_CREDENTIALS").path("passkey_required")
					.asBoolean())
			.isTrue();
		page.getByRole(AriaRole.BUTTON, named("Log out")).click();
		logIn(page, admin);
		page.getByRole(AriaRole.BUTTON, named("Confirm with your passkey")).click();
		assertThat(page.getByRole(AriaRole.HEADING, named("Chat"))).isVisible();
		page.getByRole(AriaRole.LINK, named("Admin")).click();
		assertThat(page.getByRole(AriaRole.HEADING, named("Users"))).isVisible();
	}

	private String newAdmin() {
		String admin = Api.uniqueName("held");
		this.accounts.createAdmin(admin, admin + "@example.org", Api.PASSWORD);
		return admin;
	}

	/** Logging in stays open to a held account: it is how it gets to set a factor up. */
	private String adminToken() {
		HttpResponse<String> login = this.api.login(newAdmin(), Api.PASSWORD);
		assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
		return Http.json(login).get("access_token").asString();
	}

	private String turnOnTotp(String token) {
		HttpResponse<String> setup = this.api.post("/api/v1/auth/totp/setup", token,
				"{\"password\": \"" + Api.PASSWORD + "\"}");
		assertThat(setup.statusCode()).as(setup.body()).isEqualTo(200);
		String secret = Http.json(setup).get("secret").asString();
		HttpResponse<String> confirmed = this.api.post("/api/v1/auth/totp/confirm", token,
				"{\"totp_code\": \"" + Totp.code(secret, 0) + "\"}");
		assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
		return secret;
	}

	private Page logIn(String username) {
		Page page = this.browser.open(this.browser.newPage());
		logIn(page, username);
		return page;
	}

	private static void logIn(Page page, String username) {
		page.getByLabel("Username or email").fill(username);
		page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(Api.PASSWORD);
		page.getByRole(AriaRole.BUTTON, named("Log in")).click();
	}

	private static Locator section(Page page, String heading) {
		return page.locator("section.card", new Page.LocatorOptions()
			.setHas(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName(heading).setExact(true))));
	}

	private static Page.GetByRoleOptions named(String name) {
		return new Page.GetByRoleOptions().setName(name).setExact(true);
	}

}
