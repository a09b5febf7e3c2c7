package dev.bastion.auth.sso;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;

import dev.bastion.account.AccountManagement;
import dev.bastion.auth.AccountTokens;
import dev.bastion.support.Api;
import dev.bastion.support.Http;
import dev.bastion.support.Launcher;
import dev.bastion.support.TestIdentityProvider;
import dev.bastion.support.UserAgent;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Single sign-on against a real OpenID provider (Spring Authorization Server, started
 * here on its own port), driven like a browser: Bastion's button, the provider's login
 * form, the callback. Every attacker case ends on the login page with the exact reason,
 * and without a Bastion session.
 */
class SingleSignOnIntegrationTests {

	static final String PASSWORD = "provider-password-1";

	/** Above the password failures this class makes on purpose (about ten). */
	static final int BAN_AFTER = 30;

	static TestIdentityProvider provider;

	static ConfigurableApplicationContext bastion;

	static String base;

	static Api api;

	static JdbcClient jdbc;

	@BeforeAll
	static void start() {
		provider = TestIdentityProvider.start();
		bastion = Launcher.start(Map.ofEntries(Map.entry("OIDC_ISSUER", provider.issuer()),
				Map.entry("OIDC_CLIENT_ID", TestIdentityProvider.CLIENT_ID),
				Map.entry("OIDC_CLIENT_SECRET", TestIdentityProvider.CLIENT_SECRET), Map.entry("OIDC_NAME", "Acme"),
				Map.entry("OIDC_ROLE_CLAIM", "groups"), Map.entry("OIDC_ADMIN_VALUES", "bastion-admins"),
				Map.entry("REGISTRATION", "open"), Map.entry("RATE_LIMIT_LOGIN", "1000/1m"),
				Map.entry("RATE_LIMIT_DEFAULT", "10000/1h"), Map.entry("RATE_LIMIT_REGISTER", "1000/1m"),
				Map.entry("BAN_AFTER_FAILED_LOGINS", String.valueOf(BAN_AFTER)),
				Map.entry("BAN_AFTER_DISTINCT_USERNAMES", "1000")));
		base = "http://localhost:" + Launcher.port(bastion);
		provider.allowBastionAt(base);
		api = new Api(Launcher.port(bastion));
		jdbc = bastion.getBean(JdbcClient.class);
		// Bastion never loses its last administrator; one that is not managed by the
		// provider keeps the role claim free to demote.
		bastion.getBean(AccountManagement.class)
			.createAdmin(Api.uniqueName("root"), Api.uniqueName("root") + "@example.org", Api.PASSWORD);
	}

	@AfterAll
	static void stop() {
		bastion.close();
		provider.close();
	}

	@Test
	void firstSignInWhenSignUpIsOpenThenAnAccountIsMadeLinkedAndSignedIn() {
		String name = Api.uniqueName("alice");
		provider.user(name, PASSWORD, verified(name));
		UserAgent browser = new UserAgent(base);

		assertThat(browser.signIn(name, PASSWORD)).isEqualTo("/#/chat");

		JsonNode me = me(browser);
		assertThat(me.path("username").asString()).isEqualTo(name);
		assertThat(me.path("email").asString()).isEqualTo(name + "@example.test");
		assertThat(me.path("role").asString()).isEqualTo("USER");
		assertThat(jdbc.sql("select count(*) from sso_links where account_id = ? and issuer = ?")
			.params(java.util.UUID.fromString(me.path("id").asString()), provider.issuer())
			.query(Long.class)
			.single()).isEqualTo(1);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(audit("LOGIN_SUCCEEDED", name))
				.anyMatch((details) -> details.contains("\"method\":\"oidc\"")));
		// A full login: listed among the sessions, with a device cookie.
		assertThat(Http.json(browser.get(base + "/api/v1/users/me/sessions")).path("sessions")).hasSize(1);
		assertThat(browser.cookie(base, "bastion-device")).isNotBlank();
		JsonNode identity = Http.json(browser.get(base + "/api/v1/users/me/sso-links")).path("sso_links").get(0);
		assertThat(identity.path("issuer").asString()).isEqualTo(provider.issuer());
		assertThat(identity.path("made_the_account").asBoolean()).isTrue();

		// The second sign-in finds the link: the same account, no second one.
		UserAgent again = new UserAgent(base);
		assertThat(again.signIn(name, PASSWORD)).isEqualTo("/#/chat");
		assertThat(me(again).path("id").asString()).isEqualTo(me.path("id").asString());
	}

	@Test
	void signInWhenStartedThenAuthorizationCodeWithPkceStateAndNonce() {
		UserAgent browser = new UserAgent(base);
		String authorize = browser.location(browser.get(base + "/web/sso/authorize/oidc"));

		var query = UriComponentsBuilder.fromUriString(authorize).build().getQueryParams();
		assertThat(authorize).startsWith(provider.issuer() + "/oauth2/authorize?");
		assertThat(query.getFirst("response_type")).isEqualTo("code");
		assertThat(query.getFirst("client_id")).isEqualTo(TestIdentityProvider.CLIENT_ID);
		assertThat(query.getFirst("code_challenge_method")).isEqualTo("S256");
		assertThat(query.getFirst("code_challenge")).isNotBlank();
		assertThat(query.getFirst("state")).isNotBlank();
		assertThat(query.getFirst("nonce")).isNotBlank();
	}

	@Test
	void signInWhenTheAccountIsLockedOrDeactivatedThenRefusedLikeAnyLogin() {
		String name = Api.uniqueName("ivan");
		provider.user(name, PASSWORD, verified(name));
		UserAgent browser = new UserAgent(base);
		assertThat(browser.signIn(name, PASSWORD)).isEqualTo("/#/chat");
		JsonNode account = me(browser);
		for (int attempt = 0; attempt < 5; attempt++) {
			api.login(name, "not-the-password-42");
		}

		UserAgent locked = new UserAgent(base);
		assertThat(locked.signIn(name, PASSWORD)).isEqualTo("/#/login?sso=locked");
		assertNotSignedIn(locked);

		bastion.getBean(dev.bastion.auth.AccountTokens.class)
			.unlock(java.util.UUID.fromString(account.path("id").asString()));
		bastion.getBean(AccountManagement.class)
			.setActive(java.util.UUID.fromString(account.path("id").asString()), false);
		UserAgent deactivated = new UserAgent(base);
		assertThat(deactivated.signIn(name, PASSWORD)).isEqualTo("/#/login?sso=failed");
		assertNotSignedIn(deactivated);
	}

	/**
	 * Any web page can make its visitor's browser fail single sign-ons (an image pointing
	 * at a start with an unknown provider, or at a callback): audited, but never counted
	 * towards a ban of the visitor's address, which eleven of them used to bring about at
	 * the defaults.
	 */
	@Test
	void failedSignInsThatAnyPageCanCauseThenAuditedButTheAddressIsNotBanned() {
		for (int i = 0; i <= BAN_AFTER; i++) {
			HttpResponse<String> start = new UserAgent(base).get(base + "/web/sso/authorize/nope");
			assertThat(start.statusCode()).isEqualTo(302);
			assertThat(start.headers().firstValue("Location")).hasValue("/#/login?sso=failed");
		}
		HttpResponse<String> forged = new UserAgent(base)
			.get(base + "/web/sso/callback/oidc?code=made-up&state=made-up");
		assertThat(forged.headers().firstValue("Location")).hasValue("/#/login?sso=failed");

		assertThat(api.http().get("/api/v1/health").statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(auditReasons()).contains("oidc-authorization_request_not_found"));
	}

	@Test
	void callbackWhenStateIsWrongThenRefusedAndNotSignedIn() {
		String name = Api.uniqueName("state");
		provider.user(name, PASSWORD, verified(name));
		UserAgent browser = new UserAgent(base);
		String callback = browser.signInAtProvider(name, PASSWORD);

		String forged = UriComponentsBuilder.fromUriString(callback)
			.replaceQueryParam("state", "forged-state")
			.build()
			.toUriString();
		HttpResponse<String> answer = browser.get(forged);

		assertThat(answer.statusCode()).isEqualTo(302);
		assertThat(answer.headers().firstValue("Location")).hasValue("/#/login?sso=failed");
		assertNotSignedIn(browser);
		assertThat(accountsWithEmail(name)).isZero();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(auditReasons()).contains("oidc-authorization_request_not_found"));
	}

	@Test
	void callbackWhenCodeIsReplayedThenRefusedByTheProviderAndNotSignedIn() {
		String name = Api.uniqueName("replay");
		provider.user(name, PASSWORD, verified(name));
		UserAgent victim = new UserAgent(base);
		String callback = victim.signInAtProvider(name, PASSWORD);
		assertThat(victim.location(victim.get(callback))).endsWith("/#/chat");
		String code = UriComponentsBuilder.fromUriString(callback).build().getQueryParams().getFirst("code");

		// The attacker starts a sign-in of their own and hands Bastion the spent code.
		UserAgent attacker = new UserAgent(base);
		String authorize = attacker.location(attacker.get(base + "/web/sso/authorize/oidc"));
		String state = UriComponentsBuilder.fromUriString(authorize).build().getQueryParams().getFirst("state");
		HttpResponse<String> answer = attacker.get(base + "/web/sso/callback/oidc?code=" + code + "&state=" + state);

		assertThat(answer.headers().firstValue("Location")).hasValue("/#/login?sso=failed");
		assertNotSignedIn(attacker);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(auditReasons()).contains("oidc-invalid_grant"));
	}

	@Test
	void idTokenWhenNonceIsWrongThenRefusedAndNoAccountMade() {
		String name = Api.uniqueName("nonce");
		Map<String, Object> claims = new java.util.HashMap<>(verified(name));
		claims.put(TestIdentityProvider.WRONG_NONCE, "a-nonce-from-another-sign-in");
		provider.user(name, PASSWORD, claims);
		UserAgent browser = new UserAgent(base);

		assertThat(browser.signIn(name, PASSWORD)).isEqualTo("/#/login?sso=failed");

		assertNotSignedIn(browser);
		assertThat(accountsWithEmail(name)).isZero();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(auditReasons()).contains("oidc-invalid_nonce"));
	}

	@Test
	void idTokenWhenForAnotherAudienceThenRefusedAndNoAccountMade() {
		String name = Api.uniqueName("audience");
		Map<String, Object> claims = new java.util.HashMap<>(verified(name));
		claims.put(TestIdentityProvider.WRONG_AUDIENCE, TestIdentityProvider.OTHER_CLIENT_ID);
		provider.user(name, PASSWORD, claims);
		UserAgent browser = new UserAgent(base);

		assertThat(browser.signIn(name, PASSWORD)).isEqualTo("/#/login?sso=failed");

		assertNotSignedIn(browser);
		assertThat(accountsWithEmail(name)).isZero();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(auditReasons()).contains("oidc-invalid_id_token"));
	}

	@Test
	void codeWhenIssuedToAnotherClientThenRefusedAndNotSignedIn() {
		String name = Api.uniqueName("client");
		provider.user(name, PASSWORD, verified(name));
		UserAgent browser = new UserAgent(base);
		String authorize = browser.location(browser.get(base + "/web/sso/authorize/oidc"));
		// The same request, made by the other application: its code comes back here.
		String other = UriComponentsBuilder.fromUriString(authorize)
			.replaceQueryParam("client_id", TestIdentityProvider.OTHER_CLIENT_ID)
			.build()
			.toUriString();
		String callback = browser.signInAtProvider(other, name, PASSWORD);

		HttpResponse<String> answer = browser.get(callback);

		assertThat(answer.headers().firstValue("Location")).hasValue("/#/login?sso=failed");
		assertNotSignedIn(browser);
		assertThat(accountsWithEmail(name)).isZero();
	}

	@Test
	void matchingVerifiedEmailWithoutThePasswordThenOnlyALinkOfferAndNoTakeover() {
		JsonNode local = api.register(Api.uniqueName("dave"));
		String username = local.path("username").asString();
		String idp = identityWithTheVerifiedEmailOf(local, "dave-at-idp");
		UserAgent browser = new UserAgent(base);

		assertThat(browser.signIn(idp, PASSWORD)).isEqualTo("/#/sso-link");

		assertNotSignedIn(browser);
		JsonNode offer = Http.json(browser.get(base + "/web/sso/link"));
		assertThat(offer.path("email").asString()).isEqualTo(username + "@example.org");
		assertThat(offer.path("provider").asString()).isEqualTo("Acme");
		assertProblem(browser.call("POST", "/web/sso/link", "{\"password\": \"not-the-password-42\"}"), 401,
				"INVALID_CREDENTIALS");
		assertNotSignedIn(browser);
		assertThat(links(local)).isZero();

		HttpResponse<String> linked = browser.call("POST", "/web/sso/link", "{\"password\": \"" + Api.PASSWORD + "\"}");
		assertThat(linked.statusCode()).as(linked.body()).isEqualTo(200);
		assertThat(me(browser).path("username").asString()).isEqualTo(username);
		assertThat(links(local)).isEqualTo(1);
		// From now on the provider alone signs in as the account.
		UserAgent later = new UserAgent(base);
		assertThat(later.signIn(idp, PASSWORD)).isEqualTo("/#/chat");
		assertThat(me(later).path("username").asString()).isEqualTo(username);
	}

	/**
	 * Whoever held an account's password could link their own identity to it: the
	 * eviction that follows (here an administrator's revoke-tokens; a password reset and
	 * a deactivation revoke the same) removes that link, as it removes passkeys, while an
	 * account made by its first sign-in keeps its own identity.
	 */
	@Test
	void evictionRemovesAnIdentityLinkedLaterButNotTheOneTheAccountWasMadeFor() {
		JsonNode taken = api.register(Api.uniqueName("frank"));
		String intruder = identityWithTheVerifiedEmailOf(taken, "intruder-at-idp");
		UserAgent browser = new UserAgent(base);
		assertThat(browser.signIn(intruder, PASSWORD)).isEqualTo("/#/sso-link");
		assertThat(browser.call("POST", "/web/sso/link", "{\"password\": \"" + Api.PASSWORD + "\"}").statusCode())
			.isEqualTo(200);
		String name = Api.uniqueName("grace");
		provider.user(name, PASSWORD, verified(name));
		UserAgent own = new UserAgent(base);
		assertThat(own.signIn(name, PASSWORD)).isEqualTo("/#/chat");
		JsonNode made = me(own);

		AccountTokens tokens = bastion.getBean(AccountTokens.class);
		tokens.revokeEverything(java.util.UUID.fromString(taken.path("id").asString()));
		tokens.revokeEverything(java.util.UUID.fromString(made.path("id").asString()));

		assertThat(links(taken)).isZero();
		UserAgent back = new UserAgent(base);
		assertThat(back.signIn(intruder, PASSWORD)).as("only a link offer again, which needs the password")
			.isEqualTo("/#/sso-link");
		assertNotSignedIn(back);
		assertThat(links(made)).isEqualTo(1);
		UserAgent again = new UserAgent(base);
		assertThat(again.signIn(name, PASSWORD)).isEqualTo("/#/chat");
		assertThat(me(again).path("id").asString()).isEqualTo(made.path("id").asString());
	}

	/**
	 * An intruder with the account's password linked their own identity: its owner sees
	 * it (issuer, when, last sign-in, not the one the account was made for) and removes
	 * it, proving the password; it then signs in as nobody. Nobody else can remove it.
	 */
	@Test
	void identityLinkedByAnIntruderThenTheOwnerSeesItAndRemovesItWithThePassword() {
		JsonNode owner = api.register(Api.uniqueName("hank"));
		String username = owner.path("username").asString();
		String intruder = identityWithTheVerifiedEmailOf(owner, "hank-intruder");
		UserAgent attacker = new UserAgent(base);
		assertThat(attacker.signIn(intruder, PASSWORD)).isEqualTo("/#/sso-link");
		assertThat(attacker.call("POST", "/web/sso/link", "{\"password\": \"" + Api.PASSWORD + "\"}").statusCode())
			.isEqualTo(200);
		String token = Http.json(api.login(username, Api.PASSWORD)).path("access_token").asString();

		HttpResponse<String> listed = api.get("/api/v1/users/me/sso-links", token);

		assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
		JsonNode link = Http.json(listed).path("sso_links").get(0);
		assertThat(Http.json(listed).path("sso_links")).hasSize(1);
		assertThat(link.path("issuer").asString()).isEqualTo(provider.issuer());
		assertThat(link.path("provider").asString()).isEqualTo("Acme");
		assertThat(link.path("made_the_account").asBoolean()).isFalse();
		assertThat(link.path("linked_at").asString()).isNotBlank();
		assertThat(link.path("last_sign_in_at").asString()).isNotBlank();
		String path = "/api/v1/users/me/sso-links/" + link.path("id").asString();
		String other = Http
			.json(api.login(api.register(Api.uniqueName("ivy")).path("username").asString(), Api.PASSWORD))
			.path("access_token")
			.asString();
		assertProblem(api.deleteJson(path, other, "{\"current_password\": \"" + Api.PASSWORD + "\"}"), 404,
				"NOT_FOUND");
		// A program's API key, which a thief may hold too, can neither list nor remove.
		String key = Http.json(api.post("/api/v1/users/me/api-keys", token,
				"{\"name\": \"bot\", \"current_password\": \"" + Api.PASSWORD + "\"}"))
			.path("key")
			.asString();
		assertProblem(api.get("/api/v1/users/me/sso-links", key), 403, "FORBIDDEN");
		assertProblem(api.deleteJson(path, key, "{\"current_password\": \"" + Api.PASSWORD + "\"}"), 403, "FORBIDDEN");
		assertProblem(api.deleteJson(path, token, "{}"), 400, "VALIDATION_ERROR");
		assertProblem(api.deleteJson(path, token, "{\"current_password\": \"not-the-password-42\"}"), 400,
				"VALIDATION_ERROR");
		assertThat(links(owner)).isEqualTo(1);

		HttpResponse<String> removed = api.deleteJson(path, token, "{\"current_password\": \"" + Api.PASSWORD + "\"}");

		assertThat(removed.statusCode()).as(removed.body()).isEqualTo(204);
		assertThat(links(owner)).isZero();
		assertThat(Http.json(api.get("/api/v1/users/me/sso-links", token)).path("sso_links")).isEmpty();
		assertProblem(api.deleteJson(path, token, "{\"current_password\": \"" + Api.PASSWORD + "\"}"), 404,
				"NOT_FOUND");
		UserAgent back = new UserAgent(base);
		assertThat(back.signIn(intruder, PASSWORD)).as("only a link offer again, which needs the password")
			.isEqualTo("/#/sso-link");
		assertNotSignedIn(back);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(audit("SSO_UNLINKED", username)).singleElement()
				.asString()
				.contains(provider.issuer()));
	}

	@Test
	void matchingEmailWhenProviderHasNotVerifiedItThenNoLinkOffered() {
		JsonNode local = api.register(Api.uniqueName("carol"));
		String username = local.path("username").asString();
		String idp = Api.uniqueName("carol-at-idp");
		provider.user(idp, PASSWORD, Map.of("email", username + "@example.org", "email_verified", false));
		UserAgent browser = new UserAgent(base);

		assertThat(browser.signIn(idp, PASSWORD)).isEqualTo("/#/login?sso=unverified");

		assertNotSignedIn(browser);
		assertProblem(browser.get(base + "/web/sso/link"), 404, "NOT_FOUND");
		assertProblem(browser.call("POST", "/web/sso/link", "{\"password\": \"" + Api.PASSWORD + "\"}"), 404,
				"NOT_FOUND");
		assertThat(links(local)).isZero();
	}

	/**
	 * Whoever can register at the provider with someone else's address (unverified) must
	 * not get a Bastion account holding it: its owner could then neither sign up with it
	 * nor link their own identity, and the account's mails would go to them.
	 */
	@Test
	void firstSignInWhenTheProviderHasNotVerifiedTheEmailThenRefusedAndNoAccountClaimsIt() {
		String victim = Api.uniqueName("victim");
		String squatter = Api.uniqueName("squatter");
		provider.user(squatter, PASSWORD,
				Map.of("email", victim + "@example.test", "email_verified", false, "preferred_username", squatter));
		UserAgent browser = new UserAgent(base);

		assertThat(browser.signIn(squatter, PASSWORD)).isEqualTo("/#/login?sso=unverified");

		assertNotSignedIn(browser);
		assertThat(accountsWithEmail(victim)).isZero();
		assertThat(jdbc.sql("select count(*) from accounts where username = ?")
			.param(squatter.toLowerCase(java.util.Locale.ROOT))
			.query(Long.class)
			.single()).isZero();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(auditReasons()).contains("oidc-unverified"));
		// The address is still free for its owner, and so is their own first sign-in.
		HttpResponse<String> owner = api.http()
			.postJson("/api/v1/auth/register", "{\"username\": \"" + victim + "\", \"email\": \"" + victim
					+ "@example.test\", \"password\": \"" + Api.PASSWORD + "\"}");
		assertThat(owner.statusCode()).as(owner.body()).isEqualTo(201);
		// An identity the provider has no e-mail verification claim for at all: the same.
		String silent = Api.uniqueName("silent");
		provider.user(silent, PASSWORD, Map.of("email", silent + "@example.test", "preferred_username", silent));
		UserAgent other = new UserAgent(base);
		assertThat(other.signIn(silent, PASSWORD)).isEqualTo("/#/login?sso=unverified");
		assertThat(accountsWithEmail(silent)).isZero();
	}

	@Test
	void roleClaimWhenItChangesThenTheRoleFollowsAtTheNextSignIn() {
		String name = Api.uniqueName("erin");
		Map<String, Object> admin = new java.util.HashMap<>(verified(name));
		admin.put("groups", List.of("staff", "bastion-admins"));
		provider.user(name, PASSWORD, admin);
		UserAgent first = new UserAgent(base);
		assertThat(first.signIn(name, PASSWORD)).isEqualTo("/#/chat");
		assertThat(me(first).path("role").asString()).isEqualTo("ADMIN");
		assertThat(first.get(base + "/api/v1/admin/users").statusCode()).isEqualTo(200);

		Map<String, Object> demoted = new java.util.HashMap<>(verified(name));
		demoted.put("groups", List.of("staff"));
		provider.claims(name, demoted);
		UserAgent second = new UserAgent(base);
		assertThat(second.signIn(name, PASSWORD)).isEqualTo("/#/chat");

		assertThat(me(second).path("role").asString()).isEqualTo("USER");
		assertProblem(second.get(base + "/api/v1/admin/users"), 403, "FORBIDDEN");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(audit("SSO_ROLE_CHANGED", name)).hasSize(2));
	}

	@Test
	void logoutWhenTheProviderOffersItThenBastionEndsItsSessionAndOffersTheProviders() {
		String name = Api.uniqueName("leo");
		provider.user(name, PASSWORD, verified(name));
		UserAgent browser = new UserAgent(base);
		browser.signIn(name, PASSWORD);

		HttpResponse<String> logout = browser.call("DELETE", "/web/session", "");

		assertThat(logout.statusCode()).isEqualTo(200);
		String endSession = Http.json(logout).path("end_session_url").asString();
		assertThat(endSession).startsWith(provider.issuer() + "/connect/logout?id_token_hint=")
			.contains("post_logout_redirect_uri=" + base + "/");
		assertNotSignedIn(browser);
		// The provider accepts it and sends the browser back to Bastion.
		HttpResponse<String> atProvider = browser.get(endSession);
		assertThat(atProvider.statusCode()).isEqualTo(302);
		assertThat(URI.create(browser.location(atProvider))).isEqualTo(URI.create(base + "/"));
	}

	@Test
	void providerInfoNamesTheButton() {
		JsonNode info = Http.json(new UserAgent(base).get(base + "/web/sso"));
		assertThat(info.path("enabled").asBoolean()).isTrue();
		assertThat(info.path("name").asString()).isEqualTo("Acme");
		assertThat(info.path("login_url").asString()).isEqualTo("/web/sso/authorize/oidc");
	}

	/**
	 * A new identity at the provider whose verified e-mail is the local account's: a link
	 * offer, not a sign-in.
	 */
	static String identityWithTheVerifiedEmailOf(JsonNode account, String prefix) {
		String identity = Api.uniqueName(prefix);
		provider.user(identity, PASSWORD,
				Map.of("email", account.path("username").asString() + "@example.org", "email_verified", true));
		return identity;
	}

	static Map<String, Object> verified(String name) {
		return Map.of("email", name + "@example.test", "email_verified", true, "preferred_username", name);
	}

	static JsonNode me(UserAgent browser) {
		HttpResponse<String> me = browser.get(base + "/api/v1/users/me");
		assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
		return Http.json(me);
	}

	static void assertNotSignedIn(UserAgent browser) {
		assertProblem(browser.get(base + "/api/v1/users/me"), 401, "AUTHENTICATION_REQUIRED");
	}

	static long accountsWithEmail(String name) {
		return jdbc.sql("select count(*) from accounts where email = ?")
			.param(name.toLowerCase(java.util.Locale.ROOT) + "@example.test")
			.query(Long.class)
			.single();
	}

	static long links(JsonNode account) {
		return jdbc.sql("select count(*) from sso_links where account_id = ?")
			.param(java.util.UUID.fromString(account.path("id").asString()))
			.query(Long.class)
			.single();
	}

	static List<String> audit(String type, String username) {
		return jdbc.sql("select details from audit_events where type = ? and username = ?")
			.params(type, username)
			.query(String.class)
			.list();
	}

	static List<String> auditReasons() {
		return jdbc.sql("select details from audit_events where type = 'LOGIN_FAILED'")
			.query(String.class)
			.list()
			.stream()
			.map((details) -> Http.json(details).path("reason").asString())
			.toList();
	}

}
