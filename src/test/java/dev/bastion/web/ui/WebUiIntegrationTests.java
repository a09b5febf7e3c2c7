package dev.bastion.web.ui;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.SameSiteAttribute;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.bastion.account.AccountManagement;
import dev.bastion.support.Api;
import dev.bastion.support.Browser;
import dev.bastion.support.Http;
import dev.bastion.support.Totp;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web UI in a real Chromium against the real server with the offline provider:
 * accounts, second factor, API keys, export, deletion, the admin area, and the page's own
 * defences (cookies, CSRF, session fixation). Every page is watched for CSP violations
 * and for requests that leave Bastion; both must stay at zero.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@TestInstance(Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class WebUiIntegrationTests {

	/**
	 * Started here, not as an extension: the context starts before extensions' beforeAll.
	 */
	static final GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

	static final Pattern RESET_LINK = Pattern.compile("/reset-password#token=([A-Za-z0-9_-]+)");

	@LocalServerPort
	int port;

	@Autowired
	AccountManagement accounts;

	Browser browser;

	Api api;

	@DynamicPropertySource
	static void smtp(DynamicPropertyRegistry registry) {
		mail.start();
		registry.add("SMTP_HOST", () -> "127.0.0.1");
		registry.add("SMTP_PORT", () -> mail.getSmtp().getPort());
		registry.add("SMTP_STARTTLS", () -> "false");
	}

	@BeforeAll
	void start() {
		this.browser = new Browser(this.port);
		this.api = new Api(this.port);
		// A Bastion that has been set up: its first page is the login screen.
		String admin = Api.uniqueName("setup");
		this.accounts.createAdmin(admin, admin + "@example.org", Api.PASSWORD);
	}

	@AfterAll
	void stop(CapturedOutput output) {
		try {
			assertThat(this.browser.cspViolations()).as("CSP violations seen by the pages").isEmpty();
			assertThat(this.browser.foreignRequests()).as("requests to other origins").isEmpty();
			assertThat(output.getAll()).as("CSP reports received").doesNotContain("CSP_VIOLATION");
			assertThat(output.getAll()).as("secrets in the logs")
				.doesNotContain(Api.PASSWORD)
				.doesNotContain("amber-kestrel-harbour-93")
				.doesNotContain("my unsent draft");
		}
		finally {
			this.browser.close();
			mail.stop();
		}
	}

	Page logIn(String username, String password) {
		Page page = this.browser.open(this.browser.newPage());
		page.getByLabel("Username or email").fill(username);
		page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(password);
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
		assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Chat"))).isVisible();
		return page;
	}

	Page.GetByRoleOptions named(String name) {
		return new Page.GetByRoleOptions().setName(name).setExact(true);
	}

	@Test
	void registerThenChatWithTheOfflineProviderClearlyLabelledThenLogOut() {
		Page page = this.browser.open(this.browser.newPage());
		Browser.assertAccessible(page, "login");
		page.getByRole(AriaRole.LINK, named("Create an account")).click();
		String username = Api.uniqueName("webuser");
		page.getByLabel("Username").fill(username);
		page.getByLabel("Email").fill(username + "@example.org");
		page.getByLabel("Password").fill("weak");
		page.getByRole(AriaRole.BUTTON, named("Create account")).click();
		assertThat(page.locator(".field[data-name=password] .field-error")).containsText("Password");
		Browser.assertAccessible(page, "register");
		page.getByLabel("Password").fill(Api.PASSWORD);
		page.getByRole(AriaRole.BUTTON, named("Create account")).click();
		assertThat(page.getByRole(AriaRole.HEADING, named("Chat"))).isVisible();

		page.getByLabel("Message").fill("Hello there, how are you?");
		page.getByRole(AriaRole.BUTTON, named("Send")).click();
		assertThat(page.locator(".message.assistant .body")).containsText("built-in offline assistant");
		assertThat(page.locator(".message.assistant .meta")).containsText("offline · offline");
		assertThat(page.locator(".message.assistant .badge"))
			.hasText("Offline provider: built-in replies, no language model");
		assertThat(page.getByLabel("Message")).hasValue("");
		Browser.assertAccessible(page, "chat");

		Response logout = page.waitForResponse("**/web/session",
				() -> page.getByRole(AriaRole.BUTTON, named("Log out")).click());
		assertThat(logout.status()).isEqualTo(204);
		assertThat(logout.headerValue("Clear-Site-Data")).isEqualTo("\"cache\", \"storage\"");
		assertThat(page.getByText("You have logged out.")).isVisible();
		String sessionCookie = cookie(page.context(), "bastion-session");
		assertThat(sessionCookie).as("the session cookie is dropped").isNull();
		this.browser.close(page);
	}

	@Test
	void sessionCookieIsHttpOnlyLaxAndNewAtEveryLoginAndEndsOnTheServerAtLogout() {
		String username = this.api.newUsername("cookies");
		Page page = logIn(username, Api.PASSWORD);
		Cookie session = cookieOf(page.context(), "bastion-session");
		assertThat(session.httpOnly).isTrue();
		assertThat(session.sameSite).isEqualTo(SameSiteAttribute.LAX);
		assertThat(session.path).isEqualTo("/");
		Cookie device = cookieOf(page.context(), "bastion-device");
		assertThat(device.httpOnly).isTrue();
		assertThat(device.sameSite).isEqualTo(SameSiteAttribute.STRICT);
		assertThat(cookieOf(page.context(), "XSRF-TOKEN").sameSite).isEqualTo(SameSiteAttribute.STRICT);

		// Logging in again from the same browser gives a new session id; the old one is
		// dead.
		Object status = page.evaluate("""
				async (username) => {
					const token = decodeURIComponent(document.cookie.split('; ')
						.find((c) => c.startsWith('XSRF-TOKEN=')).slice(11));
					const response = await fetch('/web/session', { method: 'POST',
						headers: { 'Content-Type': 'application/json', 'X-XSRF-TOKEN': token },
						body: JSON.stringify({ username, password: '%s' }) });
					return response.status;
				}""".formatted(Api.PASSWORD), username);
		assertThat(status).isEqualTo(200);
		String renewed = cookie(page.context(), "bastion-session");
		assertThat(renewed).isNotNull().isNotEqualTo(session.value);
		assertProblem(sessionCall("/api/v1/users/me", session.value), 401, "AUTHENTICATION_REQUIRED");
		assertThat(sessionCall("/api/v1/users/me", renewed).statusCode()).isEqualTo(200);

		page.getByRole(AriaRole.BUTTON, named("Log out")).click();
		assertThat(page.getByText("You have logged out.")).isVisible();
		assertProblem(sessionCall("/api/v1/users/me", renewed), 401, "AUTHENTICATION_REQUIRED");
		this.browser.close(page);
	}

	@Test
	void stateChangingCallWithoutCsrfTokenThen403ProblemAndCrossOriginFormFails() {
		Page page = logIn(this.api.newUsername("csrf"), Api.PASSWORD);
		String session = cookie(page.context(), "bastion-session");
		HttpResponse<String> forged = this.api.http()
			.send("POST", "/api/v1/users/me/api-keys", BodyPublishers.ofString("{\"name\": \"forged\"}"), "Cookie",
					"bastion-session=" + session, "Content-Type", "application/json");
		JsonNode problem = assertProblem(forged, 403, "FORBIDDEN");
		assertThat(problem.path("detail").asString()).contains("CSRF");
		assertProblem(
				this.api.http()
					.send("DELETE", "/web/session", BodyPublishers.noBody(), "Cookie", "bastion-session=" + session),
				403, "FORBIDDEN");

		// A page on another site posts a form at Bastion: the browser withholds the
		// SameSite cookie and there is no CSRF token, so nothing happens.
		Page evil = this.browser.newAttackerPage();
		evil.context().addCookies(page.context().cookies());
		evil.route("http://evil.test/**",
				(route) -> route.fulfill(new com.microsoft.playwright.Route.FulfillOptions().setContentType("text/html")
					.setBody("<form method=post action='" + this.browser.base()
							+ "/api/v1/users/me/api-keys'><input name=name value=forged><button>Go</button></form>"
							+ "<form id=login method=post action='" + this.browser.base()
							+ "/web/session'><input name=username value=x><button>Login</button></form>")));
		evil.navigate("http://evil.test/attack");
		Response keyPost = evil.waitForResponse("**/api-keys", () -> evil.getByText("Go").click());
		assertThat(keyPost.status()).as("refused as a cross-origin call").isEqualTo(403);
		evil.navigate("http://evil.test/attack");
		Response loginPost = evil.waitForResponse("**/web/session", () -> evil.getByText("Login").click());
		assertThat(loginPost.status()).as("no CSRF token").isEqualTo(403);
		evil.context().close();
		assertThat(sessionCall("/api/v1/users/me/api-keys", session).body()).isEqualTo("{\"api_keys\":[]}");
		this.browser.close(page);
	}

	@Test
	void twoFactorSetUpWithServerDrawnQrCodeThenLoginAsksForTheCodeAndTakesARecoveryCode() {
		String username = this.api.newUsername("totp");
		Page page = logIn(username, Api.PASSWORD);
		page.getByRole(AriaRole.LINK, named("Account")).click();
		Page.GetByLabelOptions exact = new Page.GetByLabelOptions().setExact(true);
		page.locator("section", new Page.LocatorOptions().setHasText("Two-factor authentication"))
			.getByLabel("Password", new Locator.GetByLabelOptions().setExact(true))
			.fill(Api.PASSWORD);
		page.getByRole(AriaRole.BUTTON, named("Set up two-factor authentication")).click();
		assertThat(page.getByAltText("QR code for your authenticator app")).isVisible();
		// Fails by timeout unless the server's SVG loads as an image.
		page.waitForFunction("() => document.querySelector('img.qr').naturalWidth > 0");
		String secret = page.locator("code.secret").textContent().strip();
		page.getByLabel("Authentication code").fill(Totp.code(secret, 0));
		page.getByRole(AriaRole.BUTTON, named("Turn on")).click();
		assertThat(page.getByText("Two-factor authentication is on.")).isVisible();
		List<String> recovery = page.locator(".codes code").allTextContents();
		assertThat(recovery).hasSize(10);
		// With the second factor on, making an API key asks for a code too.
		Locator keys = page.locator("section",
				new Page.LocatorOptions().setHas(page.getByRole(AriaRole.HEADING, named("API keys"))));
		keys.getByLabel("Key name").fill("after totp");
		keys.getByLabel("Current password").fill(Api.PASSWORD);
		keys.getByLabel("Authentication code").fill(Totp.code(secret, 1));
		page.getByRole(AriaRole.BUTTON, named("Create key")).click();
		assertThat(page.locator("#new-api-key")).containsText("bst_");
		page.getByRole(AriaRole.BUTTON, named("Log out")).click();
		assertThat(page.getByText("You have logged out.")).isVisible();

		page.getByLabel("Username or email").fill(username + "@example.org");
		page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(Api.PASSWORD);
		page.getByRole(AriaRole.BUTTON, named("Log in")).click();
		assertThat(page.getByRole(AriaRole.HEADING, named("Two-factor authentication"))).isVisible();
		Browser.assertAccessible(page, "second factor");
		page.getByLabel("Authentication code").fill("000000");
		page.getByRole(AriaRole.BUTTON, named("Log in")).click();
		assertThat(page.getByRole(AriaRole.ALERT)).containsText("Wrong username, e-mail address or password.");
		page.getByLabel("Authentication code").fill(recovery.get(0));
		page.getByRole(AriaRole.BUTTON, named("Log in")).click();
		assertThat(page.getByRole(AriaRole.HEADING, named("Chat"))).isVisible();
		this.browser.close(page);
	}

	@Test
	void apiKeyCreatedShownOnceWorksAndIsRevokedThenExportAndDeleteAccount(CapturedOutput output) throws Exception {
		String username = this.api.newUsername("keys");
		Page page = logIn(username, Api.PASSWORD);
		page.getByRole(AriaRole.LINK, named("Account")).click();
		assertThat(page.getByText("tokens", new Page.GetByTextOptions().setExact(false)).first()).isVisible();
		Locator keys = page.locator("section",
				new Page.LocatorOptions().setHas(page.getByRole(AriaRole.HEADING, named("API keys"))));
		page.getByLabel("Key name").fill("laptop script");
		keys.getByLabel("Current password").fill("not-my-password");
		page.getByRole(AriaRole.BUTTON, named("Create key")).click();
		assertThat(keys.locator(".field[data-name=current_password] .field-error"))
			.hasText("Current password is not your current password");
		keys.getByLabel("Current password").fill(Api.PASSWORD);
		page.getByRole(AriaRole.BUTTON, named("Create key")).click();
		String key = page.locator("#new-api-key").textContent();
		assertThat(key).startsWith("bst_");
		assertThat(this.api.get("/api/v1/users/me", key).body()).contains("\"username\":\"" + username + "\"");
		assertThat(page.getByRole(AriaRole.CELL, named("laptop script"))).isVisible();
		Browser.assertAccessible(page, "account");
		page.getByRole(AriaRole.BUTTON, named("Revoke laptop script")).click();
		assertThat(page.getByText("No API keys yet.")).isVisible();
		assertProblem(this.api.get("/api/v1/users/me", key), 401, "TOKEN_REVOKED");
		assertThat(output.getAll()).as("the key in the logs").doesNotContain(key);

		Download download = page
			.waitForDownload(() -> page.getByRole(AriaRole.BUTTON, named("Export my data")).click());
		assertThat(download.suggestedFilename()).isEqualTo("bastion-export.json");
		JsonNode exported = JsonMapper.builder().build().readTree(Files.readString(download.path()));
		assertThat(exported.toString()).contains(username);

		Page.GetByLabelOptions exact = new Page.GetByLabelOptions().setExact(true);
		page.locator("form.danger-zone")
			.getByLabel("Password", new Locator.GetByLabelOptions().setExact(true))
			.fill("not-my-password");
		page.getByRole(AriaRole.BUTTON, named("Delete my account")).click();
		assertThat(page.locator("form.danger-zone .field-error")).isVisible();
		page.locator("form.danger-zone")
			.getByLabel("Password", new Locator.GetByLabelOptions().setExact(true))
			.fill(Api.PASSWORD);
		page.getByRole(AriaRole.BUTTON, named("Delete my account")).click();
		assertThat(page.getByText("Your account has been deleted.")).isVisible();
		assertProblem(this.api.login(username, Api.PASSWORD), 401, "INVALID_CREDENTIALS");
		this.browser.close(page);
	}

	@Test
	void passwordChangeRevokesApiKeysUnlessUntickedAndSaysWhatHappened() {
		JsonNode user = this.api.newUser("pwkeys");
		String username = user.path("user").path("username").asString();
		String first = this.api.createApiKey(user.path("access_token").asString(), "first");
		Page page = logIn(username, Api.PASSWORD);
		page.getByRole(AriaRole.LINK, named("Account")).click();
		Locator password = page.locator("section",
				new Page.LocatorOptions().setHas(page.getByRole(AriaRole.HEADING, named("Password"))));
		assertThat(password.getByLabel("Also revoke my API keys")).isChecked();
		password.getByLabel("Current password").fill(Api.PASSWORD);
		password.getByLabel("New password").fill("cobalt-meadow-quiver-58");
		page.getByRole(AriaRole.BUTTON, named("Change password")).click();
		assertThat(password.getByRole(AriaRole.STATUS))
			.hasText("Password changed. Your other sessions have been logged out and your API keys revoked.");
		assertProblem(this.api.get("/api/v1/users/me", first), 401, "TOKEN_REVOKED");
		assertThat(page.getByText("No API keys yet.")).isVisible();

		String second = this.api.createApiKey(
				Http.json(this.api.login(username, "cobalt-meadow-quiver-58")).path("access_token").asString(),
				"second", "cobalt-meadow-quiver-58");
		// Checked again after the change: the default is to revoke.
		assertThat(password.getByLabel("Also revoke my API keys")).isChecked();
		password.getByLabel("Also revoke my API keys").uncheck();
		password.getByLabel("Current password").fill("cobalt-meadow-quiver-58");
		password.getByLabel("New password").fill("saffron-glacier-ember-19");
		page.getByRole(AriaRole.BUTTON, named("Change password")).click();
		assertThat(password.getByRole(AriaRole.STATUS))
			.hasText("Password changed. Your other sessions have been logged out; your API keys still work.");
		assertThat(this.api.get("/api/v1/users/me", second).statusCode()).isEqualTo(200);
		this.browser.close(page);
	}

	@Test
	void adminAreaWorksForAdminsAndIsRefusedByTheServerToUsers() {
		String adminName = Api.uniqueName("admin");
		this.accounts.createAdmin(adminName, adminName + "@example.org", Api.PASSWORD);
		String targetName = this.api.newUsername("target");

		Page user = logIn(targetName, Api.PASSWORD);
		assertThat(user.getByRole(AriaRole.LINK, named("Admin"))).hasCount(0);
		user.navigate("/#/admin");
		assertThat(user.getByRole(AriaRole.ALERT)).hasText("You may not do this.");
		assertProblem(sessionCall("/api/v1/admin/users", cookie(user.context(), "bastion-session")), 403, "FORBIDDEN");

		user.getByRole(AriaRole.LINK, named("Chat")).click();
		user.getByLabel("Message").fill("my unsent draft");

		Page admin = logIn(adminName, Api.PASSWORD);
		admin.getByRole(AriaRole.LINK, named("Admin")).click();
		admin.getByLabel("Find users").fill(targetName);
		admin.getByRole(AriaRole.BUTTON, named("Search")).click();
		assertThat(admin.getByRole(AriaRole.CELL, named(targetName))).isVisible();
		Browser.assertAccessible(admin, "admin");
		admin.getByRole(AriaRole.BUTTON, named("Deactivate " + targetName)).click();
		assertThat(admin.getByText("deactivated", new Page.GetByTextOptions().setExact(true))).isVisible();
		long deactivatedAt = Instant.now().getEpochSecond();
		assertProblem(this.api.login(targetName, Api.PASSWORD), 401, "INVALID_CREDENTIALS");

		// The deactivated user's open page is sent to log in, keeping the draft.
		user.getByRole(AriaRole.BUTTON, named("Send")).click();
		assertThat(user.getByText("Your session has ended.", new Page.GetByTextOptions().setExact(false))).isVisible();
		admin.getByRole(AriaRole.BUTTON, named("Activate " + targetName)).click();
		assertThat(admin.getByRole(AriaRole.BUTTON, named("Deactivate " + targetName))).isVisible();
		// Tokens carry whole seconds: one issued in the second of the revocation counts
		// as
		// revoked, so the user comes back a second later, as a person would.
		while (Instant.now().getEpochSecond() <= deactivatedAt) {
			user.waitForTimeout(50);
		}
		user.getByLabel("Username or email").fill(targetName);
		user.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(Api.PASSWORD);
		user.getByRole(AriaRole.BUTTON, named("Log in")).click();
		assertThat(user.getByLabel("Message")).hasValue("my unsent draft");

		admin.getByLabel("Event type").fill("ADMIN_ACTION");
		admin.getByRole(AriaRole.BUTTON, named("Show events")).click();
		assertThat(admin.getByRole(AriaRole.CELL, named("ADMIN_ACTION")).first()).isVisible();
		admin.getByRole(AriaRole.BUTTON, named("Verify the audit chain")).click();
		assertThat(admin.getByText(Pattern.compile("The chain is intact: \\d+ events checked."))).isVisible();
		admin.getByLabel("Requests per minute, for everyone").fill("1");
		admin.getByRole(AriaRole.BUTTON, named("Switch on")).click();
		assertThat(admin.getByText("The emergency limit is on: 1 per minute in total.")).isVisible();
		// At most one request a minute now: the second message at the latest is refused,
		// and the page says when to try again.
		Locator send = user.getByRole(AriaRole.BUTTON, named("Send"));
		send.click();
		assertThat(send).isEnabled();
		user.getByLabel("Message").fill("a second message");
		send.click();
		assertThat(user.locator(".message.assistant .notice.error")
			.filter(new Locator.FilterOptions()
				.setHasText(Pattern.compile("^Too many requests; try again in \\d+ seconds\\.$")))
			.first()).isVisible();
		admin.getByRole(AriaRole.BUTTON, named("Switch off")).click();
		assertThat(admin.getByText("The emergency limit is off.")).isVisible();
		assertThat(admin.getByText("No address is banned.")).isVisible();
		this.browser.close(user);
		this.browser.close(admin);
	}

	@Test
	void forgottenPasswordIsResetFromTheEmailedLinkThenTheNewOneLogsIn() {
		String username = this.api.newUsername("forgot");
		Page page = this.browser.open(this.browser.newPage());
		page.getByRole(AriaRole.LINK, named("Forgot your password?")).click();
		// The login screen's "Username or email" matches the label "Email" too, until the
		// reset screen has replaced it.
		page.waitForSelector("body[data-screen=reset]");
		int before = mail.getReceivedMessages().length;
		page.getByLabel("Email").fill(username + "@example.org");
		page.getByRole(AriaRole.BUTTON, named("Send the link")).click();
		assertThat(page.getByText("If the address belongs to an account, a link to reset its password is on its way."))
			.isVisible();
		Browser.assertAccessible(page, "reset request");
		assertThat(mail.waitForIncomingEmail(10_000, before + 1)).isTrue();
		Matcher link = RESET_LINK.matcher(GreenMailUtil.getBody(mail.getReceivedMessages()[before]));
		assertThat(link.find()).isTrue();

		page.navigate("/reset-password#token=" + link.group(1));
		page.waitForSelector("body[data-ready=true]");
		assertThat(page).hasURL(this.browser.base() + "/reset-password");
		page.getByLabel("New password").fill("amber-kestrel-harbour-93");
		page.getByRole(AriaRole.BUTTON, named("Set new password")).click();
		assertThat(page.getByText("Your password has been changed", new Page.GetByTextOptions().setExact(false)))
			.isVisible();
		long resetAt = Instant.now().getEpochSecond();
		assertProblem(this.api.login(username, Api.PASSWORD), 401, "INVALID_CREDENTIALS");
		// The reset revoked every token up to its second (see the admin test).
		while (Instant.now().getEpochSecond() <= resetAt) {
			page.waitForTimeout(50);
		}
		page.getByLabel("Username or email").fill(username);
		page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill("amber-kestrel-harbour-93");
		page.getByRole(AriaRole.BUTTON, named("Log in")).click();
		assertThat(page.getByRole(AriaRole.HEADING, named("Chat"))).isVisible();
		this.browser.close(page);
	}

	HttpResponse<String> sessionCall(String path, String session) {
		return this.api.http().get(path, "Cookie", "bastion-session=" + session);
	}

	static String cookie(BrowserContext context, String name) {
		Cookie cookie = context.cookies().stream().filter((c) -> c.name.equals(name)).findFirst().orElse(null);
		return (cookie != null) ? cookie.value : null;
	}

	static Cookie cookieOf(BrowserContext context, String name) {
		return context.cookies()
			.stream()
			.filter((c) -> c.name.equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no cookie " + name));
	}

}
