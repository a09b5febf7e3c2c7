package dev.bastion.web.ui;

import java.sql.Date;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Usage in a real Chromium against the real server: the account page charts the last 30
 * days (one bar a day, drawn as SVG under the Trusted Types CSP) with a table for those
 * who cannot see it, and the admin area shows the totals per model and per user. (The
 * context of {@code UserManagementInBrowserIntegrationTests}.)
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "MAX_DEVICE_TOKENS=9")
@TestInstance(Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class UsageInBrowserIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	AccountManagement accounts;

	@Autowired
	JdbcClient jdbc;

	Browser browser;

	Api api;

	@BeforeAll
	void start() {
		this.browser = new Browser(this.port);
		this.api = new Api(this.port);
	}

	@AfterAll
	void stop(CapturedOutput output) {
		try {
			assertThat(this.browser.cspViolations()).as("CSP violations seen by the pages").isEmpty();
			assertThat(this.browser.foreignRequests()).as("requests to other origins").isEmpty();
			assertThat(output.getAll()).as("CSP reports received").doesNotContain("CSP_VIOLATION");
		}
		finally {
			this.browser.close();
		}
	}

	static Page.GetByRoleOptions named(String name) {
		return new Page.GetByRoleOptions().setName(name).setExact(true);
	}

	Page logIn(String username) {
		Page page = this.browser.open(this.browser.newPage());
		page.getByLabel("Username or email").fill(username);
		page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(Api.PASSWORD);
		page.getByRole(AriaRole.BUTTON, named("Log in")).click();
		assertThat(page.getByRole(AriaRole.HEADING, named("Chat"))).isVisible();
		return page;
	}

	@Test
	void theAccountPageChartsThirtyDaysAndTheAdminSeesTheTotals() {
		// Before the first login: without an administrator the page offers the setup.
		String admin = Api.uniqueName("tally");
		this.accounts.createAdmin(admin, admin + "@example.org", Api.PASSWORD);
		JsonNode user = this.api.newUser("charted");
		String name = user.path("user").path("username").asString();
		String token = user.path("access_token").asString();
		for (String message : new String[] { "first", "second" }) {
			assertThat(this.api.post("/api/v1/chat", token, "{\"message\": \"" + message + "\"}").statusCode())
				.isEqualTo(200);
		}
		long today = Http.json(this.api.get("/api/v1/users/me/usage", token)).path("tokens_today").asLong();
		LocalDate fiveDaysAgo = LocalDate.now(ZoneOffset.UTC).minusDays(5);
		this.jdbc
			.sql("insert into chat_usage (account_id, usage_day, model, connection, tokens, requests) "
					+ "values (?, ?, 'offline', 'offline', 7, 1)")
			.params(UUID.fromString(user.path("user").path("id").asString()), Date.valueOf(fiveDaysAgo))
			.update();

		Page page = logIn(name);
		page.getByRole(AriaRole.LINK, named("Account")).click();
		Locator chart = page.getByRole(AriaRole.IMG, named("Tokens per day. " + (today + 7)
				+ " tokens over the last 30 days; the most in one day: " + today + " tokens."));
		assertThat(chart).isVisible();
		assertThat(chart.locator("rect.bar")).hasCount(30);
		assertThat(chart.locator("rect.bar[height='0']")).hasCount(28);
		assertThat(chart.locator("rect.bar").last()).hasAttribute("height", "119");
		assertThat(chart.locator("rect[data-day='" + fiveDaysAgo + "'] title"))
			.hasText(fiveDaysAgo + ": 7 tokens, 1 request (offline: 7 tokens)");
		page.getByText("Usage per day as a table").click();
		assertThat(page.getByRole(AriaRole.CELL, named(fiveDaysAgo.toString()))).isVisible();
		assertThat(page.locator("figure.usage tbody tr")).hasCount(2);
		Browser.assertAccessible(page, "account with usage");
		Browser.screenshot(page, "account-usage");

		Page adminPage = logIn(admin);
		adminPage.getByRole(AriaRole.LINK, named("Admin")).click();
		Locator usage = adminPage.getByRole(AriaRole.REGION, named("Usage"));
		assertThat(usage.getByRole(AriaRole.HEADING, new Locator.GetByRoleOptions().setName("Per model"))).isVisible();
		Locator cells = usage.getByRole(AriaRole.ROW)
			.filter(new Locator.FilterOptions().setHas(adminPage.getByRole(AriaRole.CELL, named(name))))
			.getByRole(AriaRole.CELL);
		assertThat(cells).hasText(new String[] { name, String.valueOf(today + 7), "3" });
		usage.getByLabel("Period").selectOption("1");
		assertThat(cells).hasText(new String[] { name, String.valueOf(today), "2" });
		Browser.assertAccessible(adminPage, "admin with usage totals");
	}

}
