package dev.bastion.auth;

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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;

import dev.bastion.account.AccountManagement;
import dev.bastion.support.Api;
import dev.bastion.support.Browser;
import dev.bastion.support.CopiedPasskey;
import dev.bastion.support.Http;
import dev.bastion.support.Totp;
import dev.bastion.support.VirtualAuthenticator;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Passkeys end to end, on each database: made and removed on the account page and used to
 * sign in, in Chromium with a CDP virtual authenticator; then the attacker's side through
 * the real server, with assertions captured from that authenticator or signed with its
 * copied private key. Bastion runs at {@code http://localhost:PORT}, its
 * {@code PUBLIC_URL}: WebAuthn refuses IP addresses, so the port is chosen before the
 * server starts.
 */
@TestInstance(Lifecycle.PER_CLASS)
abstract class PasskeysContract {

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

	String admin;

	/**
	 * The port the subclass chose (before its server started) and set as PUBLIC_URL's.
	 */
	abstract int port();

	String origin() {
		return "http://localhost:" + port();
	}

	static void publicUrl(DynamicPropertyRegistry registry, int port) {
		registry.add("server.port", () -> port);
		registry.add("PUBLIC_URL", () -> "http://localhost:" + port);
	}

	@BeforeAll
	void start() {
		this.browser = new Browser(origin());
		this.api = new Api(port());
		this.admin = Api.uniqueName("setup");
		this.accounts.createAdmin(this.admin, this.admin + "@example.org", Api.PASSWORD);
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
		passkeys.getByLabel("Name for the passkey").fill("Laptop");
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
		Locator removal = passkeysSection(page).locator("form",
				new Locator.LocatorOptions().setHasText("Remove the passkey"));
		removal.getByLabel("Current password").fill(Api.PASSWORD);
		removal.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Remove passkey").setExact(true))
			.click();
		assertThat(passkeysSection(page).getByText("No passkeys yet.")).isVisible();
		Browser.assertAccessible(page, "account");
		page.getByRole(AriaRole.BUTTON, named("Log out")).click();
		// The authenticator still holds it; Bastion no longer knows it.
		page.getByRole(AriaRole.BUTTON, named("Sign in with a passkey")).click();
		assertThat(page.getByText("This passkey could not sign you in.")).isVisible();
		Browser.assertAccessible(page, "login");
		this.browser.close(page);
	}

	@Test
	void apiSignInGivesThePasswordLoginsTokensOnceAndTheReplayedAssertionIsRefused() {
		Enrolled user = enroll("pk-replay");
		JsonNode options = signInOptions();
		String challenge = options.path("challenge").asString();
		JsonNode assertion = evaluate(user.page(), GET, options);

		HttpResponse<String> first = passkeyLogin(challenge, assertion);
		assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
		JsonNode tokens = Http.json(first);
		assertThat(tokens.path("token_type").asString()).isEqualTo("Bearer");
		assertThat(tokens.path("refresh_token").asString()).isNotEmpty();
		assertThat(tokens.path("device_token").asString()).isNotEmpty();
		assertThat(tokens.path("user").path("username").asString()).isEqualTo(user.username());
		String access = tokens.path("access_token").asString();
		assertThat(this.api.get("/api/v1/users/me", access).statusCode()).isEqualTo(200);
		assertThat(Http.json(this.api.get("/api/v1/users/me/sessions", access)).path("sessions"))
			.as("the password login and the passkey login")
			.hasSize(2);
		assertThat(this.api.refresh(tokens.path("refresh_token").asString()).statusCode()).isEqualTo(200);

		assertProblem(passkeyLogin(challenge, assertion), 401, "INVALID_CREDENTIALS");
		// Nor does the same assertion pass with a fresh challenge: it signed the old one.
		assertProblem(passkeyLogin(signInOptions().path("challenge").asString(), assertion), 401,
				"INVALID_CREDENTIALS");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(auditDetails("LOGIN_FAILED", user.username()))
				.anyMatch((details) -> details.contains("passkey-challenge"))
				.anyMatch((details) -> details.contains("\"reason\":\"passkey\"")));
		this.browser.close(user.page());
	}

	@Test
	void assertionForAnotherOriginOrRelyingPartyIsRefused() {
		Enrolled user = enroll("pk-origin");
		CopiedPasskey copy = user.copy();
		long counter = user.authenticator().credential().signCount();
		// The copy signs like the authenticator: a faithful assertion is accepted.
		assertThat(passkeyLogin(copy, origin(), RP_ID, counter + 1).statusCode()).isEqualTo(200);

		assertProblem(passkeyLogin(copy, "http://evil.localhost:" + port(), RP_ID, counter + 2), 401,
				"INVALID_CREDENTIALS");
		assertProblem(passkeyLogin(copy, "https://localhost:" + port(), RP_ID, counter + 3), 401,
				"INVALID_CREDENTIALS");
		assertProblem(passkeyLogin(copy, origin(), "evil.example", counter + 4), 401, "INVALID_CREDENTIALS");
		this.browser.close(user.page());
	}

	@Test
	void passkeyInsteadOfTheCodeIsTheSecondStepOfAPasswordLoginButNeverAnotherAccountsOrAReplayedOne() {
		Enrolled user = enroll("pk-second");
		Enrolled other = enroll("pk-other");
		HttpResponse<String> setup = this.api.post("/api/v1/auth/totp/setup", user.token(),
				"{\"password\": \"" + Api.PASSWORD + "\"}");
		String secret = Http.json(setup).path("secret").asString();
		assertThat(this.api
			.post("/api/v1/auth/totp/confirm", user.token(), "{\"totp_code\": \"" + Totp.code(secret, 0) + "\"}")
			.statusCode()).isEqualTo(200);

		JsonNode wanted = assertProblem(this.api.login(user.username(), Api.PASSWORD), 401, "INVALID_CREDENTIALS");
		assertThat(wanted.path("totp_required").asBoolean()).isTrue();
		assertThat(wanted.path("passkey_allowed").asBoolean()).isTrue();

		long counter = user.authenticator().credential().signCount();
		String challenge = signInOptions().path("challenge").asString();
		JsonNode proof = user.copy().assertion(challenge, origin(), RP_ID, counter + 1);
		HttpResponse<String> loggedIn = passwordLogin(user.username(), challenge, proof);
		assertThat(loggedIn.statusCode()).as(loggedIn.body()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(auditDetails("LOGIN_SUCCEEDED", user.username()))
				.anyMatch((details) -> details.contains("\"method\":\"password+passkey\"")));

		assertProblem(passwordLogin(user.username(), challenge, proof), 401, "INVALID_CREDENTIALS");
		String another = signInOptions().path("challenge").asString();
		JsonNode othersPasskey = other.copy()
			.assertion(another, origin(), RP_ID, other.authenticator().credential().signCount() + 1);
		assertProblem(passwordLogin(user.username(), another, othersPasskey), 401, "INVALID_CREDENTIALS");
		String third = signInOptions().path("challenge").asString();
		assertProblem(passwordLogin("nobody-" + user.username(), third,
				user.copy().assertion(third, origin(), RP_ID, counter + 2)), 401, "INVALID_CREDENTIALS");
		this.browser.close(user.page());
		this.browser.close(other.page());
	}

	HttpResponse<String> passwordLogin(String username, String challenge, JsonNode credential) {
		ObjectNode body = JSON.createObjectNode().put("username", username).put("password", Api.PASSWORD);
		body.putObject("passkey").put("challenge", challenge).set("credential", credential);
		return this.api.http().postJson("/api/v1/auth/login", body.toString());
	}

	@Test
	void signatureCounterGoingBackwardsIsRefusedAndAuditedAsCritical() {
		Enrolled user = enroll("pk-counter");
		CopiedPasskey copy = user.copy();
		long counter = user.authenticator().credential().signCount();
		assertThat(passkeyLogin(copy, origin(), RP_ID, counter + 10).statusCode()).isEqualTo(200);

		assertProblem(passkeyLogin(copy, origin(), RP_ID, counter + 5), 401, "INVALID_CREDENTIALS");
		assertProblem(passkeyLogin(copy, origin(), RP_ID, counter + 10), 401, "INVALID_CREDENTIALS");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.jdbc
				.sql("select severity from audit_events where type = 'PASSKEY_COUNTER_REGRESSED' and username = ?")
				.param(user.username())
				.query(String.class)
				.list()).containsExactly("CRITICAL", "CRITICAL"));
		this.browser.close(user.page());
	}

	@Test
	void passkeyClaimingAnotherUsersHandleIsRefusedAndPasskeysStayWithTheirOwner() {
		Enrolled alice = enroll("pk-alice");
		Enrolled bob = enroll("pk-bob");
		long counter = alice.authenticator().credential().signCount();
		String challenge = signInOptions().path("challenge").asString();
		JsonNode claimingBob = alice.copy()
			.assertion(challenge, origin(), RP_ID, counter + 1, bob.authenticator().credential().userHandle());
		assertProblem(passkeyLogin(challenge, claimingBob), 401, "INVALID_CREDENTIALS");
		assertThat(auditDetails("LOGIN_SUCCEEDED", bob.username())).as("only bob's own password login").hasSize(1);

		assertThat(Http.json(this.api.get("/api/v1/users/me/passkeys", bob.token())).path("passkeys"))
			.extracting((passkey) -> passkey.path("id").asString())
			.containsExactly(bob.passkeyId());
		assertProblem(this.api.delete("/api/v1/users/me/passkeys/" + alice.passkeyId(), bob.token()), 404, "NOT_FOUND");
		assertProblem(this.api.delete("/api/v1/users/me/passkeys/not-a-passkey", bob.token()), 404, "NOT_FOUND");
		assertThat(Http.json(this.api.get("/api/v1/users/me/passkeys", alice.token())).path("passkeys"))
			.extracting((passkey) -> passkey.path("id").asString())
			.containsExactly(alice.passkeyId());
		this.browser.close(alice.page());
		this.browser.close(bob.page());
	}

	@Test
	void removedPasskeyAndPasskeyOfADeletedAccountAreRefused() {
		Enrolled user = enroll("pk-removed");
		CopiedPasskey copy = user.copy();
		long counter = user.authenticator().credential().signCount();
		// A token alone (a stolen one) does not take a sign-in method away: the password
		// does, as for adding one.
		String path = "/api/v1/users/me/passkeys/" + user.passkeyId();
		JsonNode refused = assertProblem(this.api.delete(path, user.token()), 400, "VALIDATION_ERROR");
		assertThat(refused.path("errors").get(0).path("field").asString()).isEqualTo("current_password");
		assertProblem(this.api.deleteJson(path, user.token(), "{\"current_password\": \"not-the-password-42\"}"), 400,
				"VALIDATION_ERROR");
		assertThat(Http.json(this.api.get("/api/v1/users/me/passkeys", user.token())).path("passkeys")).hasSize(1);
		assertThat(this.api.deleteJson(path, user.token(), "{\"current_password\": \"" + Api.PASSWORD + "\"}")
			.statusCode()).isEqualTo(204);
		assertThat(Http.json(this.api.get("/api/v1/users/me/passkeys", user.token())).path("passkeys")).isEmpty();
		assertProblem(passkeyLogin(copy, origin(), RP_ID, counter + 1), 401, "INVALID_CREDENTIALS");

		Enrolled gone = enroll("pk-gone");
		CopiedPasskey goneCopy = gone.copy();
		JsonNode export = Http.json(this.api.get("/api/v1/users/me/export", gone.token()));
		assertThat(export.path("security").path("passkeys").get(0).path("name").asString()).isEqualTo("Phone");
		assertThat(export.toString()).doesNotContain("public_key").doesNotContain("attestation");
		assertThat(this.api.deleteJson("/api/v1/users/me", gone.token(), "{\"password\": \"" + Api.PASSWORD + "\"}")
			.statusCode()).isEqualTo(204);
		assertThat(this.jdbc.sql("select count(*) from user_credentials where credential_id = ?")
			.param(gone.passkeyId())
			.query(Long.class)
			.single()).isZero();
		assertProblem(passkeyLogin(goneCopy, origin(), RP_ID, 100), 401, "INVALID_CREDENTIALS");
		this.browser.close(user.page());
		this.browser.close(gone.page());
	}

	@Test
	void adminRevokingEverythingAlsoRemovesThePasskeys() {
		Enrolled user = enroll("pk-evicted");
		CopiedPasskey copy = user.copy();
		long counter = user.authenticator().credential().signCount();
		String userId = Http.json(this.api.get("/api/v1/users/me", user.token())).path("id").asString();
		HttpResponse<String> admin = this.api.login(this.admin, Api.PASSWORD);
		assertThat(this.api
			.post("/api/v1/admin/users/" + userId + "/revoke-tokens", Http.json(admin).path("access_token").asString(),
					"{}")
			.statusCode()).isEqualTo(204);
		assertProblem(passkeyLogin(copy, origin(), RP_ID, counter + 1), 401, "INVALID_CREDENTIALS");
		JsonNode login = Http.json(this.api.login(user.username(), Api.PASSWORD));
		assertThat(Http.json(this.api.get("/api/v1/users/me/passkeys", login.path("access_token").asString()))
			.path("passkeys")).isEmpty();
		this.browser.close(user.page());
	}

	@Test
	void failedPasskeySignInsLockTheAccountLikeWrongPasswords() {
		Enrolled user = enroll("pk-lock");
		CopiedPasskey copy = user.copy();
		long counter = user.authenticator().credential().signCount();
		for (int attempt = 1; attempt <= 5; attempt++) {
			assertProblem(passkeyLogin(copy, "http://evil.localhost:" + port(), RP_ID, counter + attempt), 401,
					"INVALID_CREDENTIALS");
		}
		assertProblem(passkeyLogin(copy, origin(), RP_ID, counter + 10), 429, "ACCOUNT_LOCKED");
		assertProblem(this.api.login(user.username(), Api.PASSWORD), 429, "ACCOUNT_LOCKED");
		this.browser.close(user.page());
	}

	@Test
	void registrationNeedsTheCurrentPasswordALoginAndItsOwnCeremony() {
		Enrolled alice = enroll("pk-reg-alice");
		JsonNode bob = this.api.newUser("pk-reg-bob");
		String bobToken = bob.path("access_token").asString();
		String options = "/api/v1/users/me/passkeys/options";
		assertProblem(this.api.post(options, bobToken, "{}"), 400, "VALIDATION_ERROR");
		assertProblem(this.api.post(options, bobToken, "{\"current_password\": \"wrong-password-1\"}"), 400,
				"VALIDATION_ERROR");
		String apiKey = this.api.createApiKey(bobToken, "program");
		assertProblem(this.api.post(options, apiKey, "{\"current_password\": \"" + Api.PASSWORD + "\"}"), 403,
				"FORBIDDEN");

		// Bob's authenticator answers Alice's ceremony; Bob cannot finish it.
		HttpResponse<String> aliceOptions = this.api.post(options, alice.token(),
				"{\"current_password\": \"" + Api.PASSWORD + "\"}");
		Page bobPage = this.browser.newPage();
		VirtualAuthenticator.attach(bobPage);
		this.browser.open(bobPage);
		JsonNode made = evaluate(bobPage, CREATE, Http.json(aliceOptions));
		ObjectNode body = JSON.createObjectNode()
			.put("name", "Stolen")
			.put("challenge", Http.json(aliceOptions).path("challenge").asString());
		body.set("credential", made);
		assertProblem(this.api.post("/api/v1/users/me/passkeys", bobToken, body.toString()), 400, "VALIDATION_ERROR");
		assertThat(Http.json(this.api.get("/api/v1/users/me/passkeys", bobToken)).path("passkeys")).isEmpty();
		this.browser.close(bobPage);
		this.browser.close(alice.page());
	}

	@Test
	void registrationNeedsTheCurrentCodeWhileTotpIsOn() {
		String token = this.api.newUser("pk-totp").path("access_token").asString();
		String secret = Http
			.json(this.api.post("/api/v1/auth/totp/setup", token, "{\"password\": \"" + Api.PASSWORD + "\"}"))
			.path("secret")
			.asString();
		assertThat(
				this.api.post("/api/v1/auth/totp/confirm", token, "{\"totp_code\": \"" + Totp.code(secret, 0) + "\"}")
					.statusCode())
			.isEqualTo(200);
		String options = "/api/v1/users/me/passkeys/options";
		JsonNode missing = assertProblem(
				this.api.post(options, token, "{\"current_password\": \"" + Api.PASSWORD + "\"}"), 400,
				"VALIDATION_ERROR");
		assertThat(missing.path("errors").get(0).path("field").asString()).isEqualTo("totp_code");
		assertProblem(
				this.api.post(options, token,
						"{\"current_password\": \"" + Api.PASSWORD + "\", \"totp_code\": \"000000\"}"),
				400, "VALIDATION_ERROR");
		HttpResponse<String> granted = this.api.post(options, token,
				"{\"current_password\": \"" + Api.PASSWORD + "\", \"totp_code\": \"" + Totp.code(secret, 1) + "\"}");
		assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
		assertThat(Http.json(granted).path("authenticatorSelection").path("userVerification").asString())
			.isEqualTo("required");
		assertThat(Http.json(granted).path("rp").path("id").asString()).isEqualTo(RP_ID);
	}

	HttpResponse<String> passkeyLogin(CopiedPasskey copy, String origin, String rpId, long counter) {
		String challenge = signInOptions().path("challenge").asString();
		return passkeyLogin(challenge, copy.assertion(challenge, origin, rpId, counter));
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
