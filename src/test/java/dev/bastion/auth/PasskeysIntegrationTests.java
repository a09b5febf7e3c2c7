package dev.bastion.auth;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.bastion.account.AccountManagement;
import dev.bastion.support.Api;
import dev.bastion.support.Browser;
import dev.bastion.support.CopiedPasskey;
import dev.bastion.support.Http;
import dev.bastion.support.VirtualAuthenticator;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Passkeys end to end: made and removed on the account page and used to sign in, in
 * Chromium with a CDP virtual authenticator; then the attacker's side through the real
 * server, with assertions captured from that authenticator or signed with its copied
 * private key. Bastion runs at {@code http://localhost:PORT}, its {@code PUBLIC_URL}:
 * WebAuthn refuses IP addresses, so the port is chosen before the server starts.
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT)
@TestInstance(Lifecycle.PER_CLASS)
class PasskeysIntegrationTests {

	static final int PORT = freePort();

	static final String ORIGIN = "http://localhost:" + PORT;

	static final String RP_ID = "localhost";

	static final JsonMapper JSON = JsonMapper.builder().build();

	/** Base64url helpers and the two ceremonies, as a page would run them. */
	static final String CODEC = """
			const bytes = (text) => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')),
				(c) => c.charCodeAt(0)).buffer;
			const b64 = (buffer) => btoa(String.fromCharCode(...new Uint8Array(buffer)))
				.replace(/=+$/, '').replace(/\\+/g, '-').replace(/\\//g, '_');
			""";

	static final String CREATE = "async (options) => {" + CODEC + """
			const made = await navigator.credentials.create({ publicKey: { ...options,
				challenge: bytes(options.challenge), user: { ...options.user, id: bytes(options.user.id) },
				excludeCredentials: (options.excludeCredentials || []).map((d) => ({ ...d, id: bytes(d.id) })) } });
			return { id: made.id, rawId: b64(made.rawId), type: made.type,
				response: { attestationObject: b64(made.response.attestationObject),
					clientDataJSON: b64(made.response.clientDataJSON), transports: made.response.getTransports() },
				clientExtensionResults: made.getClientExtensionResults() };
			}""";

	static final String GET = "async (options) => {" + CODEC + """
			const got = await navigator.credentials.get({ publicKey: { ...options,
				challenge: bytes(options.challenge), allowCredentials: [] } });
			return { id: got.id, rawId: b64(got.rawId), type: got.type,
				response: { authenticatorData: b64(got.response.authenticatorData),
					clientDataJSON: b64(got.response.clientDataJSON), signature: b64(got.response.signature),
					userHandle: b64(got.response.userHandle) },
				clientExtensionResults: got.getClientExtensionResults() };
			}""";

	@Autowired
	AccountManagement accounts;

	@Autowired
	JdbcClient jdbc;

	Browser browser;

	Api api;

	@DynamicPropertySource
	static void publicUrl(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("PUBLIC_URL", () -> ORIGIN);
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@BeforeAll
	void start() {
		this.browser = new Browser(ORIGIN);
		this.api = new Api(PORT);
		String admin = Api.uniqueName("setup");
		this.accounts.createAdmin(admin, admin + "@example.org", Api.PASSWORD);
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
	void passkeyMadeOnTheAccountPageSignsInWithoutAUsernameUntilRemoved() {
		String username = Api.uniqueName("pk-ui");
		this.api.register(username);
		Page page = this.browser.newPage();
		VirtualAuthenticator.attach(page);
		this.browser.open(page);
		page.getByLabel("Username or email").fill(username);
		page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(Api.PASSWORD);
		page.getByRole(AriaRole.BUTTON, named("Log in")).click();
		assertThat(page.getByRole(AriaRole.HEADING, named("Chat"))).isVisible();

		page.getByRole(AriaRole.LINK, named("Account")).click();
		Locator passkeys = passkeysSection(page);
		passkeys.getByLabel("Passkey name").fill("Laptop");
		passkeys.getByLabel("Current password").fill(Api.PASSWORD);
		passkeys.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Add a passkey")).click();
		assertThat(passkeys.getByText("Passkey “Laptop” added")).isVisible();
		assertThat(passkeys.getByRole(AriaRole.CELL, new Locator.GetByRoleOptions().setName("Laptop").setExact(true)))
			.isVisible();
		Browser.assertAccessible(page, "account");

		page.getByRole(AriaRole.BUTTON, named("Log out")).click();
		page.getByRole(AriaRole.BUTTON, named("Sign in with a passkey")).click();
		assertThat(page.getByRole(AriaRole.HEADING, named("Chat"))).isVisible();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(auditDetails("LOGIN_SUCCEEDED", username))
				.anyMatch((details) -> details.contains("\"method\":\"passkey\"")));

		page.getByRole(AriaRole.LINK, named("Account")).click();
		passkeysSection(page)
			.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Remove passkey Laptop"))
			.click();
		assertThat(passkeysSection(page).getByText("No passkeys yet.")).isVisible();
		page.getByRole(AriaRole.BUTTON, named("Log out")).click();
		// The authenticator still holds it; Bastion no longer knows it.
		page.getByRole(AriaRole.BUTTON, named("Sign in with a passkey")).click();
		assertThat(page.getByText("This passkey could not sign you in.")).isVisible();
		Browser.assertAccessible(page, "login");
		this.browser.close(page);
	}

	static Locator passkeysSection(Page page) {
		return page.locator("section.card",
				new Page.LocatorOptions().setHas(page.getByRole(AriaRole.HEADING, named("Passkeys"))));
	}

	static Page.GetByRoleOptions named(String name) {
		return new Page.GetByRoleOptions().setName(name).setExact(true);
	}

	java.util.List<String> auditDetails(String type, String username) {
		return this.jdbc.sql("select details from audit_events where type = ? and username = ?")
			.param(type)
			.param(username)
			.query(String.class)
			.list();
	}

	/** A user with one passkey made in its own page and authenticator. */
	Enrolled enroll(String prefix) {
		JsonNode login = this.api.newUser(prefix);
		String token = login.path("access_token").asString();
		Page page = this.browser.newPage();
		VirtualAuthenticator authenticator = VirtualAuthenticator.attach(page);
		this.browser.open(page);
		HttpResponse<String> options = this.api.post("/api/v1/users/me/passkeys/options", token,
				"{\"current_password\": \"" + Api.PASSWORD + "\"}");
		assertThat(options.statusCode()).as(options.body()).isEqualTo(200);
		JsonNode made = evaluate(page, CREATE, Http.json(options));
		ObjectNode body = JSON.createObjectNode()
			.put("name", "Phone")
			.put("challenge", Http.json(options).path("challenge").asString());
		body.set("credential", made);
		HttpResponse<String> created = this.api.post("/api/v1/users/me/passkeys", token, body.toString());
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return new Enrolled(login.path("user").path("username").asString(), token, page, authenticator,
				Http.json(created).path("id").asString());
	}

	static JsonNode evaluate(Page page, String script, JsonNode argument) {
		Object result = page.evaluate(script, JSON.convertValue(argument, Map.class));
		return JSON.valueToTree(result);
	}

	/** Fresh sign-in options from the API; the challenge is in them. */
	JsonNode signInOptions() {
		HttpResponse<String> options = this.api.http().postJson("/api/v1/auth/passkey/options", "");
		assertThat(options.statusCode()).as(options.body()).isEqualTo(200);
		return Http.json(options);
	}

	HttpResponse<String> passkeyLogin(String challenge, JsonNode credential) {
		ObjectNode body = JSON.createObjectNode().put("challenge", challenge);
		body.set("credential", credential);
		return this.api.http().postJson("/api/v1/auth/passkey/login", body.toString());
	}

	record Enrolled(String username, String token, Page page, VirtualAuthenticator authenticator, String passkeyId) {

		CopiedPasskey copy() {
			return new CopiedPasskey(this.authenticator.credential());
		}

	}

}
