package dev.bastion.web.ui;

import java.util.Map;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.bastion.account.AccountManagement;
import dev.bastion.support.Api;
import dev.bastion.support.Browser;
import dev.bastion.support.Launcher;
import dev.bastion.support.TestIdentityProvider;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Single sign-on in a real Chromium against a real provider (Spring Authorization Server
 * on its own port and host): the "Sign in with …" button, the provider's own login form,
 * back in Bastion signed in; the linking screen for an existing account; logout with the
 * provider's logout offered. The login and linking screens are checked with axe-core, and
 * every Bastion page for CSP violations.
 */
@ExtendWith(OutputCaptureExtension.class)
class SingleSignOnInBrowserIntegrationTests {

	static final String PASSWORD = "provider-password-3";

	static TestIdentityProvider provider;

	static ConfigurableApplicationContext bastion;

	static Browser browser;

	@BeforeAll
	static void start() {
		provider = TestIdentityProvider.start();
		bastion = Launcher.start(Map.of("OIDC_ISSUER", provider.issuer(), "OIDC_CLIENT_ID",
				TestIdentityProvider.CLIENT_ID, "OIDC_CLIENT_SECRET", TestIdentityProvider.CLIENT_SECRET, "OIDC_NAME",
				"Acme", "REGISTRATION", "open"));
		String base = "http://localhost:" + Launcher.port(bastion);
		provider.allowBastionAt(base);
		// An installed Bastion: with no administrator yet the first screen is setup.
		String admin = Api.uniqueName("root");
		bastion.getBean(AccountManagement.class).createAdmin(admin, admin + "@example.org", Api.PASSWORD);
		browser = new Browser(base);
	}

	@AfterAll
	static void stop() {
		try {
			assertThat(browser.cspViolations()).as("CSP violations seen by the pages").isEmpty();
		}
		finally {
			browser.close();
			bastion.close();
			provider.close();
		}
	}

	@Test
	void buttonThenProviderLoginFormThenBackSignedInAndOutOfBoth(CapturedOutput output) {
		String name = Api.uniqueName("grace");
		provider.user(name, PASSWORD,
				Map.of("email", name + "@example.test", "email_verified", true, "preferred_username", name));
		Page page = browser.open(browser.newPage());
		Page.GetByRoleOptions sso = named("Sign in with Acme");
		assertThat(page.getByRole(AriaRole.LINK, sso)).isVisible();
		Browser.assertAccessible(page, "login with single sign-on");

		page.getByRole(AriaRole.LINK, sso).click();
		signInAtProvider(page, name);

		assertThat(page.getByRole(AriaRole.HEADING, named("Chat"))).isVisible();
		assertThat(page.getByText(name, new Page.GetByTextOptions().setExact(true))).isVisible();

		page.getByRole(AriaRole.BUTTON, named("Log out")).click();
		Page.GetByRoleOptions alsoOut = named("Also sign out of your single sign-on provider");
		assertThat(page.getByRole(AriaRole.LINK, alsoOut)).isVisible();
		page.getByRole(AriaRole.LINK, alsoOut).click();
		// The provider ends its session and sends the browser back to Bastion's login.
		page.waitForURL(browser.base() + "/**");
		page.waitForSelector("body[data-ready=true]");
		assertThat(page.getByRole(AriaRole.LINK, sso)).isVisible();
		assertThat(output.getAll()).as("passwords in the logs").doesNotContain(PASSWORD);
		browser.close(page);
	}

	@Test
	void existingAccountThenLinkingScreenAsksForItsPasswordThenSignedIn() {
		String local = Api.uniqueName("heidi");
		bastion.getBean(AccountManagement.class).register(local, local + "@example.org", Api.PASSWORD);
		String idp = Api.uniqueName("heidi-at-idp");
		provider.user(idp, PASSWORD, Map.of("email", local + "@example.org", "email_verified", true));
		Page page = browser.open(browser.newPage());

		page.getByRole(AriaRole.LINK, named("Sign in with Acme")).click();
		signInAtProvider(page, idp);

		assertThat(page.getByRole(AriaRole.HEADING, named("Link your account"))).isVisible();
		assertThat(page.getByText("An account with the e-mail " + local + "@example.org exists")).isVisible();
		Browser.assertAccessible(page, "sso-link");
		page.getByLabel("Password").fill("not-the-password-42");
		page.getByRole(AriaRole.BUTTON, named("Link and sign in")).click();
		assertThat(page.getByRole(AriaRole.ALERT)).containsText("Wrong username, e-mail address or password.");
		page.getByLabel("Password").fill(Api.PASSWORD);
		page.getByRole(AriaRole.BUTTON, named("Link and sign in")).click();

		assertThat(page.getByRole(AriaRole.HEADING, named("Chat"))).isVisible();
		assertThat(page.getByText(local, new Page.GetByTextOptions().setExact(true))).isVisible();
		browser.close(page);
	}

	/**
	 * The account page lists the identity linked with the password and removes it once
	 * the current password is given; the next sign-in there is only a link offer.
	 */
	@Test
	void linkedIdentityThenListedOnTheAccountPageAndRemovedWithThePassword() {
		String local = Api.uniqueName("ivan");
		bastion.getBean(AccountManagement.class).register(local, local + "@example.org", Api.PASSWORD);
		String idp = Api.uniqueName("ivan-at-idp");
		provider.user(idp, PASSWORD, Map.of("email", local + "@example.org", "email_verified", true));
		Page page = browser.open(browser.newPage());
		page.getByRole(AriaRole.LINK, named("Sign in with Acme")).click();
		signInAtProvider(page, idp);
		page.getByLabel("Password").fill(Api.PASSWORD);
		page.getByRole(AriaRole.BUTTON, named("Link and sign in")).click();
		assertThat(page.getByRole(AriaRole.HEADING, named("Chat"))).isVisible();

		page.getByRole(AriaRole.LINK, named("Account")).click();
		Locator identities = page.locator("section",
				new Page.LocatorOptions().setHas(page.getByRole(AriaRole.HEADING, named("Single sign-on"))));
		assertThat(identities.getByText("Linked with your password")).isVisible();
		identities.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Remove identity at Acme"))
			.click();
		identities.getByLabel("Current password").fill("not-the-password-42");
		identities.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Remove identity").setExact(true))
			.click();
		assertThat(identities.locator(".field[data-name=current_password] .field-error"))
			.hasText("Current password is not your current password");
		identities.getByLabel("Current password").fill(Api.PASSWORD);
		identities.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Remove identity").setExact(true))
			.click();

		assertThat(identities.getByText("The identity at Acme no longer signs in as this account.")).isVisible();
		assertThat(identities.getByText("No identities linked.")).isVisible();
		Browser.assertAccessible(page, "account with single sign-on");
		browser.close(page);
		Page again = browser.open(browser.newPage());
		again.getByRole(AriaRole.LINK, named("Sign in with Acme")).click();
		signInAtProvider(again, idp);
		assertThat(again.getByRole(AriaRole.HEADING, named("Link your account"))).isVisible();
		browser.close(again);
	}

	private static void signInAtProvider(Page page, String username) {
		page.waitForURL(provider.issuer() + "/login");
		page.getByLabel("Username").fill(username);
		page.getByLabel("Password").fill(PASSWORD);
		page.getByRole(AriaRole.BUTTON, named("Sign in")).click();
		page.waitForURL(browser.base() + "/**");
		page.waitForSelector("body[data-ready=true]");
	}

	static Page.GetByRoleOptions named(String name) {
		return new Page.GetByRoleOptions().setName(name).setExact(true);
	}

}
