package dev.bastion.web.ui;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.bastion.account.AccountManagement;
import dev.bastion.support.Api;
import dev.bastion.support.Browser;
import dev.bastion.support.Http;
import dev.bastion.support.Totp;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin's user management in a real Chromium against the real server: creating a user
 * whose first login asks for a password of their own, pages of users, one user's limits
 * and usage, a second-factor reset and a deletion after a confirmation. Every page is
 * watched for CSP (and Trusted Types) violations and for requests that leave Bastion.
 * (The context of {@code UserManagementIntegrationTests}, whose tests decide who the
 * administrators are: each test here makes its own.)
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "MAX_DEVICE_TOKENS=9")
@TestInstance(Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class UserManagementInBrowserIntegrationTests {

	/** The password the created user chooses. */
	static final String CHOSEN = "copper-lantern-meadow-58";

	@LocalServerPort
	int port;

	@Autowired
	AccountManagement accounts;

	Browser browser;

	Api api;

	String admin;

	@Autowired
	JdbcClient jdbc;

	/** The invite links made in the admin screen, whose codes must never be logged. */
	final List<String> inviteLinks = new java.util.concurrent.CopyOnWriteArrayList<>();

	@BeforeAll
	void start() {
		this.browser = new Browser(this.port);
		this.api = new Api(this.port);
	}

	@BeforeEach
	void admin() {
		this.admin = Api.uniqueName("chief");
		this.accounts.createAdmin(this.admin, this.admin + "@example.org", Api.PASSWORD);
	}

	@AfterAll
	void stop(CapturedOutput output) {
		try {
			assertThat(this.browser.cspViolations()).as("CSP violations seen by the pages").isEmpty();
			assertThat(this.browser.foreignRequests()).as("requests to other origins").isEmpty();
			assertThat(output.getAll()).as("CSP reports received").doesNotContain("CSP_VIOLATION");
			assertThat(output.getAll()).as("passwords in the logs").doesNotContain(Api.PASSWORD).doesNotContain(CHOSEN);
			this.inviteLinks.forEach((link) -> assertThat(output.getAll()).as("invite codes in the logs")
				.doesNotContain(link.substring(link.indexOf("invite=") + "invite=".length(), link.indexOf('&'))));
		}
		finally {
			this.browser.close();
		}
	}

	static Page.GetByRoleOptions named(String name) {
		return new Page.GetByRoleOptions().setName(name).setExact(true);
	}

	Page logIn(String username, String password) {
		Page page = this.browser.open(this.browser.newPage());
		page.getByLabel("Username or email").fill(username);
		page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(password);
		page.getByRole(AriaRole.BUTTON, named("Log in")).click();
		return page;
	}

	Page adminArea() {
		Page page = logIn(this.admin, Api.PASSWORD);
		page.getByRole(AriaRole.LINK, named("Admin")).click();
		assertThat(page.getByRole(AriaRole.HEADING, named("Users"))).isVisible();
		return page;
	}

	void find(Page page, String query) {
		page.getByLabel("Find users").fill(query);
		page.getByRole(AriaRole.BUTTON, named("Search")).click();
	}

	@Test
	void aCreatedUserChoosesAPasswordFirstThenGetsLimitsUsageAResetAndIsDeleted() {
		Page admin = adminArea();
		String name = Api.uniqueName("fresh");
		admin.getByLabel("New username").fill(name);
		admin.getByLabel("New user’s email").fill(name + "@example.org");
		admin.getByRole(AriaRole.BUTTON, named("Create user")).click();
		assertThat(admin.locator("#new-user-password")).hasText(Pattern.compile("[A-Za-z0-9_-]{24}"));
		String oneTime = admin.locator("#new-user-password").textContent();
		Browser.assertAccessible(admin, "admin with a new user's password");

		Page user = logIn(name, oneTime);
		assertThat(user.getByRole(AriaRole.HEADING, named("Choose your password"))).isVisible();
		Browser.assertAccessible(user, "choose your password");
		user.navigate("/#/chat");
		assertThat(user.getByRole(AriaRole.HEADING, named("Choose your password"))).isVisible();
		user.getByLabel("One-time password").fill(oneTime);
		user.getByLabel("New password", new Page.GetByLabelOptions().setExact(true)).fill(CHOSEN);
		user.getByRole(AriaRole.BUTTON, named("Set my password")).click();
		assertThat(user.getByRole(AriaRole.HEADING, named("Chat"))).isVisible();

		JsonNode login = Http.json(this.api.login(name, CHOSEN));
		String token = login.path("access_token").asString();
		assertThat(this.api.post("/api/v1/chat", token, "{\"message\": \"hello\"}").statusCode()).isEqualTo(200);

		find(admin, name);
		admin.getByRole(AriaRole.BUTTON, named("Limits and usage of " + name)).click();
		assertThat(admin.getByRole(AriaRole.HEADING, named("Limits and usage of " + name))).isVisible();
		assertThat(admin.getByText("(the default for everyone)")).isVisible();
		assertThat(admin.getByText("null", new Page.GetByTextOptions().setExact(true))).hasCount(0);
		String today = Instant.now().toString().substring(0, 10);
		assertThat(admin.getByRole(AriaRole.CELL, named(today))).isVisible();
		admin.getByLabel("Daily token budget").fill("1");
		admin.getByLabel("Allowed models").fill("fast, smart");
		admin.getByRole(AriaRole.BUTTON, named("Save limits")).click();
		assertThat(admin.getByText("Limits saved for " + name + ".")).isVisible();
		assertThat(admin.getByText("Daily token budget: 1 (set for this user).")).isVisible();
		Browser.assertAccessible(admin, "admin with a user's limits and usage");
		Browser.screenshot(admin, "admin-user-details");
		assertThat(this.api.post("/api/v1/chat", token, "{\"message\": \"more\"}").statusCode()).isEqualTo(429);

		String secret = Http.json(this.api.post("/api/v1/auth/totp/setup", token, "{\"password\": \"" + CHOSEN + "\"}"))
			.path("secret")
			.asString();
		this.api.post("/api/v1/auth/totp/confirm", token, "{\"totp_code\": \"" + Totp.code(secret, 0) + "\"}");
		find(admin, name);
		admin.getByRole(AriaRole.BUTTON, named("Reset two-factor " + name)).click();
		assertThat(admin.getByText("Reset two-factor: done for " + name + ".")).isVisible();
		assertThat(admin.getByRole(AriaRole.BUTTON, named("Reset two-factor " + name))).hasCount(0);
		assertThat(this.api.login(name, CHOSEN).statusCode()).isEqualTo(200);

		admin.getByRole(AriaRole.BUTTON, named("Delete " + name)).click();
		assertThat(admin.getByRole(AriaRole.ALERT)).containsText("There is no undo.");
		admin.getByRole(AriaRole.BUTTON, named("Cancel")).click();
		assertThat(admin.getByRole(AriaRole.CELL, named(name))).isVisible();
		admin.getByRole(AriaRole.BUTTON, named("Delete " + name)).click();
		admin.getByRole(AriaRole.BUTTON, named("Delete " + name + " for good")).click();
		assertThat(admin.getByText("Delete: done for " + name + ".")).isVisible();
		assertThat(admin.getByRole(AriaRole.CELL, named(name))).hasCount(0);
		assertThat(this.api.get("/api/v1/users/me", token).statusCode()).isEqualTo(401);
		user.reload();
		assertThat(user.getByRole(AriaRole.HEADING, named("Log in"))).isVisible();
	}

	@Test
	void anInviteLinkMadeInTheAdminScreenLetsItsPersonChooseAPasswordAndLogStraightIn() {
		Page admin = adminArea();
		admin.context().grantPermissions(List.of("clipboard-read", "clipboard-write"));
		String name = Api.uniqueName("linked");
		admin.getByLabel("New username").fill(name);
		admin.getByLabel("New user’s email").fill(name + "@example.org");
		admin.getByLabel("First sign-in").selectOption("invite");
		admin.getByRole(AriaRole.BUTTON, named("Create user")).click();
		assertThat(admin.locator("#new-user-link")).containsText("#/register?invite=");
		assertThat(admin.locator("#new-user-password")).hasCount(0);
		String link = admin.locator("#new-user-link").textContent();
		this.inviteLinks.add(link);
		admin.getByRole(AriaRole.BUTTON, named("Copy link")).click();
		assertThat(admin.evaluate("() => navigator.clipboard.readText()")).isEqualTo(link);
		Browser.assertAccessible(admin, "admin with a new user's invite link");
		assertThat(admin.getByRole(AriaRole.CELL, named(name))).hasCount(0);

		String fragment = link.substring(link.indexOf('#'));
		Page invited = this.browser.newPage();
		invited.navigate("/" + fragment);
		invited.waitForSelector("body[data-ready=true]");
		assertThat(invited.getByRole(AriaRole.HEADING, named("Create account"))).isVisible();
		assertThat(invited.getByLabel("Username")).hasValue(name);
		assertThat(invited.getByLabel("Email")).hasValue(name + "@example.org");
		assertThat(invited).not().hasURL(Pattern.compile(".*invite=.*"));
		Browser.assertAccessible(invited, "register with an invite link");
		invited.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(CHOSEN);
		invited.getByRole(AriaRole.BUTTON, named("Create account")).click();
		assertThat(invited.getByRole(AriaRole.HEADING, named("Chat"))).isVisible();
		assertThat(this.api.login(name, CHOSEN).statusCode()).isEqualTo(200);

		Page again = this.browser.newPage();
		again.navigate("/" + fragment);
		again.waitForSelector("body[data-ready=true]");
		again.getByLabel("Username").fill(Api.uniqueName("second"));
		again.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(CHOSEN);
		again.getByRole(AriaRole.BUTTON, named("Create account")).click();
		assertThat(again.getByText("is not a valid invite", new Page.GetByTextOptions().setExact(false))).isVisible();
		find(admin, name);
		assertThat(admin.getByRole(AriaRole.CELL, named(name))).isVisible();
	}

	@Test
	void usersComeInPagesAndTheLastAdministratorIsNotDeleted() {
		String prefix = "paged" + UUID.randomUUID().toString().substring(0, 5);
		this.accounts.register(prefix + "-0", prefix + "-0@example.org", Api.PASSWORD);
		// Twenty more rows like it, password hash included, each created a moment later:
		// the pages need accounts in sign-up order, not twenty more argon2id hashes.
		OffsetDateTime registered = OffsetDateTime.now(ZoneOffset.UTC);
		for (int i = 1; i < 21; i++) {
			String name = prefix + "-" + i;
			OffsetDateTime created = registered.plusNanos(i * 1_000_000L);
			this.jdbc.sql("""
					insert into accounts (id, username, email, password_hash, role, active, totp_enabled,
						totp_last_step, tokens_valid_after, created_at, updated_at)
					select ?, ?, ?, password_hash, role, active, totp_enabled, totp_last_step, tokens_valid_after, ?, ?
					from accounts where username = ?""")
				.params(UUID.randomUUID(), name, name + "@example.org", created, created, prefix + "-0")
				.update();
		}
		Page admin = adminArea();
		find(admin, prefix);
		assertThat(admin.getByText("21 users")).isVisible();
		assertThat(admin.getByText("Page 1 of 2")).isVisible();
		assertThat(admin.getByRole(AriaRole.BUTTON, named("Previous page"))).isDisabled();
		admin.getByRole(AriaRole.BUTTON, named("Next page")).click();
		assertThat(admin.getByText("Page 2 of 2")).isVisible();
		assertThat(admin.getByRole(AriaRole.CELL, named(prefix + "-20"))).isVisible();
		assertThat(admin.getByRole(AriaRole.CELL, named(prefix + "-0"))).hasCount(0);
		admin.getByLabel("Status").selectOption("deactivated");
		admin.getByRole(AriaRole.BUTTON, named("Search")).click();
		// Exact: the usage card's "by 0 users." matches too while nobody has chatted yet.
		assertThat(admin.getByText("0 users", new Page.GetByTextOptions().setExact(true))).isVisible();

		this.jdbc.sql("update accounts set role = 'USER' where role = 'ADMIN' and username <> ?")
			.param(this.admin)
			.update();
		admin.getByLabel("Status").selectOption("");
		find(admin, this.admin);
		admin.getByRole(AriaRole.BUTTON, named("Delete " + this.admin)).click();
		admin.getByRole(AriaRole.BUTTON, named("Delete " + this.admin + " for good")).click();
		assertThat(admin.getByText("This is the last active administrator: promote another account first."))
			.isVisible();
		assertThat(admin.getByRole(AriaRole.CELL, named(this.admin))).isVisible();
	}

}
