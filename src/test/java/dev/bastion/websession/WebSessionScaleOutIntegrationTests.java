package dev.bastion.websession;

import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Cookie;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

import dev.bastion.support.Api;
import dev.bastion.support.Browser;
import dev.bastion.support.Http;
import dev.bastion.support.Launcher;
import dev.bastion.account.AccountManagement;
import dev.bastion.crypto.Secrets;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances on one PostgreSQL and no Redis, with no sticky routing: a browser session
 * made through one is served by the other (in Chromium too, which sends the cookie to
 * both: cookies belong to the host, not the port), its tokens are renewed once under
 * parallel calls to both, idleness ends it on both, and what the table holds is no
 * credential. Access tokens live 30 s, less than the renewal margin: every call renews.
 */
class WebSessionScaleOutIntegrationTests {

	static final String SECRET_KEY = "9c3e71a5f0b24d8e6a1c7f3b5d9e2a4c8b0f6d1e";

	static EmbeddedPostgres postgres;

	static ConfigurableApplicationContext first;

	static ConfigurableApplicationContext second;

	@BeforeAll
	static void start() throws IOException {
		postgres = EmbeddedPostgres.start();
		Map<String, String> shared = Map.of("SECRET_KEY", SECRET_KEY, "DATABASE_URL",
				"postgres://postgres:postgres@localhost:" + postgres.getPort() + "/postgres",
				"JWT_ACCESS_TOKEN_EXPIRES", "30s");
		first = Launcher.start(shared);
		second = Launcher.start(shared);
		// An administrator exists, so the page opens on the login screen, not the setup
		// one.
		String admin = Api.uniqueName("admin");
		first.getBean(AccountManagement.class).createAdmin(admin, admin + "@example.org", Api.PASSWORD);
	}

	@AfterAll
	static void stop() throws IOException {
		second.close();
		first.close();
		postgres.close();
	}

	static Http http(ConfigurableApplicationContext instance) {
		return Http.local(Launcher.port(instance));
	}

	/**
	 * Logs in through {@code instance} as the web UI does; returns {cookie, CSRF token}.
	 */
	static String[] webLogin(ConfigurableApplicationContext instance, String username) {
		String csrf = cookie(http(instance).get("/"), "XSRF-TOKEN");
		HttpResponse<String> login = http(instance).send("POST", "/web/session",
				BodyPublishers.ofString("{\"username\": \"" + username + "\", \"password\": \"" + Api.PASSWORD + "\"}"),
				"Content-Type", "application/json", "Cookie", "XSRF-TOKEN=" + csrf, "X-XSRF-TOKEN", csrf);
		assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
		return new String[] { cookie(login, "bastion-session"), csrf };
	}

	static HttpResponse<String> call(ConfigurableApplicationContext instance, String method, String path,
			String[] session) {
		return http(instance).send(method, path, BodyPublishers.noBody(), "Cookie",
				"bastion-session=" + session[0] + "; XSRF-TOKEN=" + session[1], "X-XSRF-TOKEN", session[1]);
	}

	static String cookie(HttpResponse<String> response, String name) {
		return response.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((cookie) -> cookie.startsWith(name + "="))
			.map((cookie) -> cookie.substring(name.length() + 1, cookie.indexOf(';')))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + name + " cookie"));
	}

	/** A user with a Bearer login of its own, to watch its logins from outside. */
	static JsonNode newUser(String prefix) {
		return new Api(Launcher.port(first)).newUser(prefix);
	}

	static JsonNode logins(JsonNode user) {
		return Http
			.json(new Api(Launcher.port(second)).get("/api/v1/users/me/sessions", user.path("access_token").asString()))
			.path("sessions");
	}

	@Test
	void aSessionMadeThroughOneInstanceIsServedByTheOtherForReadsAndWrites() {
		JsonNode user = newUser("crossing");
		String username = user.path("user").path("username").asString();
		String[] session = webLogin(first, username);
		HttpResponse<String> me = call(second, "GET", "/api/v1/users/me", session);
		assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
		assertThat(Http.json(me).path("username").asString()).isEqualTo(username);
		assertThat(call(second, "POST", "/api/v1/sessions", session).statusCode()).as("CSRF holds there too")
			.isEqualTo(201);
		assertThat(call(first, "GET", "/api/v1/users/me", session).statusCode()).isEqualTo(200);
		assertThat(logins(user)).hasSize(2);
	}

	@Test
	void parallelCallsToBothInstancesRenewTheTokensOnceWithoutTrippingReuseDetection() throws Exception {
		JsonNode user = newUser("parallel");
		String[] session = webLogin(second, user.path("user").path("username").asString());
		List<Future<HttpResponse<String>>> calls = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
			for (int i = 0; i < 24; i++) {
				ConfigurableApplicationContext instance = (i % 2 == 0) ? first : second;
				calls.add(pool.submit(() -> call(instance, "GET", "/api/v1/users/me", session)));
			}
			for (Future<HttpResponse<String>> response : calls) {
				assertThat(response.get().statusCode()).as(response.get().body()).isEqualTo(200);
			}
		}
		assertThat(call(first, "GET", "/api/v1/users/me", session).statusCode()).isEqualTo(200);
		assertThat(logins(user)).as("the web login is alive, not revoked as replayed").hasSize(2);
	}

	@Test
	void anIdleSessionIsRefusedByBothInstancesAndItsLoginEnds() throws SQLException {
		for (ConfigurableApplicationContext askedFirst : List.of(first, second)) {
			ConfigurableApplicationContext askedNext = (askedFirst == first) ? second : first;
			JsonNode user = newUser("idle");
			String[] session = webLogin(askedNext, user.path("user").path("username").asString());
			assertThat(call(askedFirst, "GET", "/api/v1/users/me", session).statusCode()).isEqualTo(200);
			idleFor(session[0], Duration.ofMinutes(31));
			assertProblem(call(askedFirst, "GET", "/api/v1/users/me", session), 401, "AUTHENTICATION_REQUIRED");
			assertProblem(call(askedNext, "GET", "/api/v1/users/me", session), 401, "AUTHENTICATION_REQUIRED");
			assertThat(logins(user)).as("the web login ended with its session").hasSize(1);
		}
	}

	@Test
	void theSweepEndsIdleSessionsNobodyCameBackToAndTheirLogins() throws SQLException {
		JsonNode user = newUser("swept");
		String[] session = webLogin(first, user.path("user").path("username").asString());
		String[] active = webLogin(second, user.path("user").path("username").asString());
		idleFor(session[0], Duration.ofMinutes(31));
		second.getBean(SealedSessionRepository.class).sweep();
		assertThat(storedRows(storedId(session[0]))).as("the idle session's row is gone").isZero();
		assertThat(storedRows(storedId(active[0]))).as("an active session stays").isOne();
		assertThat(logins(user)).as("the idle web login ended, the active one did not").hasSize(2);
		assertProblem(call(first, "GET", "/api/v1/users/me", session), 401, "AUTHENTICATION_REQUIRED");
		assertThat(call(first, "GET", "/api/v1/users/me", active).statusCode()).isEqualTo(200);
	}

	@Test
	void theStoredSessionHoldsNoCredentialInClear() throws SQLException {
		JsonNode user = newUser("atrest");
		String[] session = webLogin(first, user.path("user").path("username").asString());
		// The login as the application sees it: the tokens it keeps for this browser.
		@SuppressWarnings("unchecked")
		Session opened = ((SessionRepository<Session>) first.getBean(SessionRepository.class)).findById(session[0]);
		assertThat(opened).isNotNull();
		List<String> secrets = new ArrayList<>(List.of(session[0]));
		for (String name : opened.getAttributeNames()) {
			String value = opened.getAttribute(name);
			assertThat(value).isNotNull();
			for (String line : value.split("\n")) {
				if (line.length() >= 16) {
					secrets.add(line);
				}
			}
		}
		String accessToken = secrets.stream().filter((line) -> line.startsWith("eyJ")).findFirst().orElseThrow();
		assertThat(new Api(Launcher.port(second)).get("/api/v1/users/me", accessToken).statusCode())
			.as("what the session keeps is a live credential")
			.isEqualTo(200);
		assertThat(secrets).as("cookie, access and refresh tokens, ids").hasSizeGreaterThanOrEqualTo(5);

		String stored = storedText(storedId(session[0]));
		assertThat(stored).as("the stored row").contains(storedId(session[0])).contains("v2:");
		for (String secret : secrets) {
			assertThat(stored).doesNotContain(secret);
		}
		assertThat(stored).doesNotContain(user.path("user").path("username").asString());
	}

	/**
	 * Someone who can write the table copies a victim's sealed login into the row of a
	 * session whose cookie they hold: it does not open there, and the session is no
	 * login.
	 */
	@Test
	void aLoginCopiedIntoAnotherSessionsRowDoesNotOpenThere() throws SQLException {
		String[] victim = webLogin(first, newUser("victim").path("user").path("username").asString());
		String[] attacker = webLogin(second, newUser("copier").path("user").path("username").asString());
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				PreparedStatement copy = connection.prepareStatement("update spring_session_attributes a "
						+ "set attribute_bytes = (select v.attribute_bytes from spring_session_attributes v "
						+ "join spring_session s on s.primary_id = v.session_primary_id where s.session_id = ?) "
						+ "where a.session_primary_id = (select primary_id from spring_session where session_id = ?)")) {
			copy.setString(1, storedId(victim[0]));
			copy.setString(2, storedId(attacker[0]));
			assertThat(copy.executeUpdate()).isOne();
		}
		assertProblem(call(first, "GET", "/api/v1/users/me", attacker), 401, "AUTHENTICATION_REQUIRED");
		assertProblem(call(second, "GET", "/api/v1/users/me", attacker), 401, "AUTHENTICATION_REQUIRED");
		assertThat(call(second, "GET", "/api/v1/users/me", victim).statusCode()).isEqualTo(200);
	}

	@Test
	void aBrowserLogsInThroughOneInstanceChatsThroughTheOtherAndLogsOutThere() {
		JsonNode user = newUser("twohosts");
		String username = user.path("user").path("username").asString();
		String other = "http://127.0.0.1:" + Launcher.port(second);
		try (Browser browser = new Browser(Launcher.port(first))) {
			Page page = browser.open(browser.newPage());
			page.getByLabel("Username or email").fill(username);
			page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(Api.PASSWORD);
			page.getByRole(AriaRole.BUTTON, named("Log in")).click();
			assertThat(page.getByRole(AriaRole.HEADING, named("Chat"))).isVisible();
			String cookie = sessionCookie(page);

			page.navigate(other + "/");
			page.waitForSelector("body[data-ready=true]");
			// Still logged in: the page asked the other instance who it is.
			assertThat(page.getByRole(AriaRole.HEADING, named("Chat"))).isVisible();
			page.getByLabel("Message").fill("Hello from the other instance");
			page.getByRole(AriaRole.BUTTON, named("Send")).click();
			assertThat(page.locator(".message.assistant .body")).containsText("built-in offline assistant");
			page.getByRole(AriaRole.LINK, named("Account")).click();
			assertThat(page.getByRole(AriaRole.HEADING, named("Sessions"))).isVisible();
			assertThat(page.getByText("This browser")).isVisible();
			assertThat(sessionCookie(page)).as("the same session throughout").isEqualTo(cookie);

			page.getByRole(AriaRole.BUTTON, named("Log out")).click();
			assertThat(page.getByText("You have logged out.")).isVisible();
			String[] ended = { cookie, "unused" };
			assertProblem(call(first, "GET", "/api/v1/users/me", ended), 401, "AUTHENTICATION_REQUIRED");
			page.navigate(browser.base() + "/");
			page.waitForSelector("body[data-ready=true]");
			assertThat(page.getByRole(AriaRole.BUTTON, named("Log in"))).isVisible();
			assertThat(logins(user)).as("only the Bearer login is left").hasSize(1);
			browser.close(page);
		}
	}

	static Page.GetByRoleOptions named(String name) {
		return new Page.GetByRoleOptions().setName(name).setExact(true);
	}

	static String sessionCookie(Page page) {
		return page.context()
			.cookies()
			.stream()
			.filter((cookie) -> cookie.name.equals("bastion-session"))
			.map((Cookie cookie) -> cookie.value)
			.findFirst()
			.orElseThrow(() -> new AssertionError("no session cookie"));
	}

	/** Spring Session's key for a cookie's session: its keyed hash, never the id. */
	static String storedId(String cookie) {
		return first.getBean(Secrets.class).hash(cookie);
	}

	/** As if the session had seen no request for {@code idle}. */
	static void idleFor(String cookie, Duration idle) throws SQLException {
		long then = System.currentTimeMillis() - idle.toMillis();
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				PreparedStatement update = connection.prepareStatement(
						"update spring_session set last_access_time = ?, expiry_time = ? where session_id = ?")) {
			update.setLong(1, then);
			update.setLong(2, then + Duration.ofMinutes(30).toMillis());
			update.setString(3, storedId(cookie));
			assertThat(update.executeUpdate()).isOne();
		}
	}

	static int storedRows(String storedId) throws SQLException {
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				PreparedStatement select = connection
					.prepareStatement("select count(*) from spring_session where session_id = ?")) {
			select.setString(1, storedId);
			try (ResultSet rows = select.executeQuery()) {
				rows.next();
				return rows.getInt(1);
			}
		}
	}

	/** Every column of the session's rows, as text (byte columns as UTF-8). */
	static String storedText(String storedId) throws SQLException {
		StringBuilder text = new StringBuilder();
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				PreparedStatement select = connection.prepareStatement("select * from spring_session s "
						+ "left join spring_session_attributes a on a.session_primary_id = s.primary_id "
						+ "where s.session_id = ?")) {
			select.setString(1, storedId);
			try (ResultSet rows = select.executeQuery()) {
				int columns = rows.getMetaData().getColumnCount();
				while (rows.next()) {
					for (int column = 1; column <= columns; column++) {
						Object value = rows.getObject(column);
						text.append(value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value)
							.append('|');
					}
				}
			}
		}
		assertThat(text).as("the session is stored").isNotEmpty();
		return text.toString();
	}

}
