package dev.bastion.web.ui;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.bastion.account.AccountManagement;
import dev.bastion.support.Api;
import dev.bastion.support.Browser;
import dev.bastion.support.Http;
import dev.bastion.support.Launcher;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first administrator and every sign-up mode in a real Chromium, each against its own
 * server: a fresh install shows "Set up Bastion" and takes the code from the log; under
 * {@code approval} a sign-up waits until an administrator approves it in the admin area;
 * under {@code invite} the link an administrator made opens the register screen with the
 * code filled in; under {@code closed} nobody is offered a way to sign up, but the invite
 * link of a user an administrator created still opens the register screen. Every page is
 * checked for CSP violations, requests that leave Bastion and, screen by screen, with
 * axe-core.
 */
@ExtendWith(OutputCaptureExtension.class)
class SignUpInBrowserIntegrationTests {

	static final Pattern PRINTED = Pattern.compile("Bastion setup code: ([0-9A-Z]{4}(?:-[0-9A-Z]{4}){6})\\b");

	ConfigurableApplicationContext bastion;

	Browser browser;

	@AfterEach
	void stop(CapturedOutput output) {
		try {
			assertThat(this.browser.cspViolations()).as("CSP violations seen by the pages").isEmpty();
			assertThat(this.browser.foreignRequests()).as("requests to other origins").isEmpty();
			assertThat(output.getAll()).as("CSP reports received").doesNotContain("CSP_VIOLATION");
			assertThat(output.getAll()).as("passwords in the logs").doesNotContain(Api.PASSWORD);
		}
		finally {
			this.browser.close();
			this.bastion.close();
		}
	}

	void start(String registration) {
		this.bastion = Launcher.start(Map.of("REGISTRATION", registration));
		this.browser = new Browser(Launcher.port(this.bastion));
	}

	/** A Bastion set up already, with this administrator. */
	String admin() {
		String name = Api.uniqueName("boss");
		this.bastion.getBean(AccountManagement.class).createAdmin(name, name + "@example.org", Api.PASSWORD);
		return name;
	}

	static Page.GetByRoleOptions named(String name) {
		return new Page.GetByRoleOptions().setName(name).setExact(true);
	}

	Page logIn(String username) {
		Page page = this.browser.open(this.browser.newPage());
		page.navigate("/#/login");
		page.getByLabel("Username or email").fill(username);
		page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(Api.PASSWORD);
		page.getByRole(AriaRole.BUTTON, named("Log in")).click();
		assertThat(page.getByRole(AriaRole.HEADING, named("Chat"))).isVisible();
		return page;
	}

	void fillAccount(Page page, String username) {
		page.getByLabel("Username").fill(username);
		page.getByLabel("Email").fill(username + "@example.org");
		page.getByLabel("Password").fill(Api.PASSWORD);
	}

	@Test
	void aFreshInstallIsSetUpWithTheLoggedCodeThenApprovesASignUp(CapturedOutput output) {
		start("approval");
		Matcher printed = PRINTED.matcher(output.getAll());
		org.assertj.core.api.Assertions.assertThat(printed.find()).as("a setup code in the log").isTrue();
		String code = printed.group(1);

		Page setup = this.browser.open(this.browser.newPage());
		assertThat(setup.getByRole(AriaRole.HEADING, named("Set up Bastion"))).isVisible();
		Browser.assertAccessible(setup, "setup");
		Browser.screenshot(setup, "setup");
		setup.getByLabel("Setup code").fill("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG");
		fillAccount(setup, "firstadmin");
		setup.getByRole(AriaRole.BUTTON, named("Set up Bastion")).click();
		assertThat(setup.locator(".field[data-name=setup_code] .field-error")).containsText("Setup code");
		setup.getByLabel("Setup code").fill(code.toLowerCase(java.util.Locale.ROOT));
		setup.getByRole(AriaRole.BUTTON, named("Set up Bastion")).click();
		assertThat(setup.getByRole(AriaRole.HEADING, named("Chat"))).isVisible();
		assertThat(setup.getByRole(AriaRole.LINK, named("Admin"))).isVisible();

		Page visitor = this.browser.open(this.browser.newPage());
		assertThat(visitor.getByRole(AriaRole.HEADING, named("Log in"))).isVisible();
		visitor.getByRole(AriaRole.LINK, named("Create an account")).click();
		assertThat(visitor.getByText("An administrator must approve your account before you can log in.")).isVisible();
		String username = Api.uniqueName("hopeful");
		fillAccount(visitor, username);
		visitor.getByRole(AriaRole.BUTTON, named("Create account")).click();
		assertThat(visitor.getByRole(AriaRole.STATUS)).containsText("An administrator must approve your account");
		Browser.assertAccessible(visitor, "register (approval)");
		visitor.navigate("/#/login");
		visitor.getByLabel("Username or email").fill(username);
		visitor.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(Api.PASSWORD);
		visitor.getByRole(AriaRole.BUTTON, named("Log in")).click();
		assertThat(visitor.getByRole(AriaRole.ALERT)).containsText("waiting for an administrator's approval");

		setup.getByRole(AriaRole.LINK, named("Admin")).click();
		assertThat(setup.getByText("New accounts wait for an administrator’s approval")).isVisible();
		assertThat(setup.getByRole(AriaRole.BUTTON, named("Approve " + username))).isVisible();
		Browser.assertAccessible(setup, "admin with a pending sign-up");
		Browser.screenshot(setup, "admin-sign-ups");
		setup.getByRole(AriaRole.BUTTON, named("Approve " + username)).click();
		assertThat(setup.getByText(username + " can log in now.")).isVisible();
		setup.getByRole(AriaRole.BUTTON, named("Make admin " + username)).click();
		assertThat(setup.getByRole(AriaRole.BUTTON, named("Demote " + username))).isVisible();

		visitor.getByRole(AriaRole.BUTTON, named("Log in")).click();
		assertThat(visitor.getByRole(AriaRole.HEADING, named("Chat"))).isVisible();
		assertThat(visitor.getByRole(AriaRole.LINK, named("Admin"))).isVisible();
	}

	@Test
	void anInviteLinkOpensTheRegisterScreenWithItsCode() {
		start("invite");
		Page admin = logIn(admin());
		admin.getByRole(AriaRole.LINK, named("Admin")).click();
		admin.getByLabel("Valid for (days)").fill("2");
		admin.getByRole(AriaRole.BUTTON, named("Create invite")).click();
		String link = admin.locator("#new-invite-link").textContent();
		org.assertj.core.api.Assertions.assertThat(link).contains("/#/register?invite=");
		String code = link.substring(link.indexOf("invite=") + "invite=".length());
		Browser.assertAccessible(admin, "admin with a new invite");

		Page invited = this.browser.newPage();
		invited.navigate(link.substring(link.indexOf('#')));
		invited.waitForSelector("body[data-ready=true]");
		assertThat(invited.getByLabel("Invite code")).hasValue(code);
		org.assertj.core.api.Assertions.assertThat(invited.url()).doesNotContain(code);
		Browser.assertAccessible(invited, "register (invite)");
		Browser.screenshot(invited, "register-invite");
		fillAccount(invited, Api.uniqueName("guest"));
		invited.getByRole(AriaRole.BUTTON, named("Create account")).click();
		assertThat(invited.getByRole(AriaRole.HEADING, named("Chat"))).isVisible();

		admin.reload();
		admin.waitForSelector("body[data-ready=true]");
		assertThat(admin.getByRole(AriaRole.CELL, named("used"))).isVisible();
		admin.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Revoke the invite for anyone")).click();
		assertThat(admin.getByText("No invites yet.")).isVisible();
	}

	@Test
	void closedSignUpOffersNoWayInButAnAdminsInviteLinkStillWorks() {
		start("closed");
		String boss = admin();
		Page page = this.browser.open(this.browser.newPage());
		assertThat(page.getByRole(AriaRole.HEADING, named("Log in"))).isVisible();
		assertThat(page.getByRole(AriaRole.LINK, named("Create an account"))).hasCount(0);
		Browser.assertAccessible(page, "login (closed)");
		page.navigate("/#/register");
		assertThat(page.getByText("Sign-up is closed on this Bastion.")).isVisible();
		assertThat(page.getByRole(AriaRole.BUTTON, named("Create account"))).hasCount(0);
		Browser.assertAccessible(page, "register (closed)");

		Api api = new Api(Launcher.port(this.bastion));
		String token = Http.json(api.login(boss, Api.PASSWORD)).path("access_token").asString();
		String name = Api.uniqueName("welcome");
		String link = Http
			.json(api.post("/api/v1/admin/users", token,
					"{\"username\": \"" + name + "\", \"email\": \"" + name + "@example.org\", \"invite\": true}"))
			.path("link")
			.asString();
		Page invited = this.browser.newPage();
		invited.navigate(link.substring(link.indexOf('#')));
		invited.waitForSelector("body[data-ready=true]");
		assertThat(invited.getByText("Sign-up is closed on this Bastion.")).hasCount(0);
		assertThat(invited.getByLabel("Email")).hasValue(name + "@example.org");
		Browser.assertAccessible(invited, "register (closed, invite link)");
		invited.getByLabel("Password").fill(Api.PASSWORD);
		invited.getByRole(AriaRole.BUTTON, named("Create account")).click();
		assertThat(invited.getByRole(AriaRole.HEADING, named("Chat"))).isVisible();
	}

}
