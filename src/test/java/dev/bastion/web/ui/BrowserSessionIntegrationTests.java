package dev.bastion.web.ui;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.bean.override.convention.TestBean;

import dev.bastion.support.Api;
import dev.bastion.support.Http;
import dev.bastion.support.TestClock;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web UI's session over plain HTTP: it is a login like any other (listed, revocable),
 * its short-lived access token is renewed under parallel calls without tripping refresh
 * reuse detection, and it ends at the absolute timeout (reached by moving the
 * application's clock forward, not by waiting) and at logout.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "WEB_SESSION_ABSOLUTE=6s", "JWT_ACCESS_TOKEN_EXPIRES=30s" })
class BrowserSessionIntegrationTests {

	@LocalServerPort
	int port;

	/** The application's clock: the system's, moved forward where a test says so. */
	static final TestClock clock = new TestClock();

	@TestBean(name = "clock", methodName = "movableClock")
	Clock applicationClock;

	static Clock movableClock() {
		return clock;
	}

	Api api() {
		return new Api(this.port);
	}

	/** Logs in as the web UI does; returns {session cookie, CSRF token}. */
	String[] webLogin(String username) {
		Http http = api().http();
		String csrf = cookie(http.get("/"), "XSRF-TOKEN");
		HttpResponse<String> login = http.send("POST", "/web/session",
				BodyPublishers.ofString("{\"username\": \"" + username + "\", \"password\": \"" + Api.PASSWORD + "\"}"),
				"Content-Type", "application/json", "Cookie", "XSRF-TOKEN=" + csrf, "X-XSRF-TOKEN", csrf);
		assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
		assertThat(Http.json(login).path("username").asString()).isEqualTo(username);
		return new String[] { cookie(login, "bastion-session"), csrf };
	}

	HttpResponse<String> call(String method, String path, String[] session) {
		return api().http()
			.send(method, path, BodyPublishers.noBody(), "Cookie",
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

	@Test
	void webLoginIsTheCurrentSessionAndRenewsItsTokenUnderParallelCalls() throws Exception {
		String username = Api.uniqueName("websession");
		api().register(username);
		String[] session = webLogin(username);
		// Access tokens live 30 s, less than the renewal margin: every call renews.
		try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
			List<Future<HttpResponse<String>>> calls = IntStream.range(0, 24)
				.mapToObj((i) -> pool.submit(() -> call("GET", "/api/v1/users/me", session)))
				.toList();
			for (Future<HttpResponse<String>> response : calls) {
				assertThat(response.get().statusCode()).as(response.get().body()).isEqualTo(200);
			}
		}
		JsonNode sessions = Http.json(call("GET", "/api/v1/users/me/sessions", session)).path("sessions");
		assertThat(sessions).hasSize(1);
		assertThat(sessions.get(0).path("current").asBoolean()).isTrue();
		assertThat(call("GET", "/api/v1/users/me", session).statusCode()).isEqualTo(200);
	}

	@Test
	void revokingTheWebLoginFromAnotherLoginEndsTheWebSession() {
		JsonNode other = api().newUser("revoker");
		String username = other.path("user").path("username").asString();
		String token = other.path("access_token").asString();
		String[] session = webLogin(username);
		JsonNode web = null;
		for (JsonNode listed : Http.json(api().get("/api/v1/users/me/sessions", token)).path("sessions")) {
			if (!listed.path("current").asBoolean()) {
				web = listed;
			}
		}
		assertThat(web).isNotNull();
		assertThat(api().delete("/api/v1/users/me/sessions/" + web.path("id").asString(), token).statusCode())
			.isEqualTo(204);
		assertProblem(call("GET", "/api/v1/users/me", session), 401, "AUTHENTICATION_REQUIRED");
	}

	@Test
	void absoluteTimeoutEndsTheSessionAndItsLogin() {
		JsonNode other = api().newUser("timeout");
		String username = other.path("user").path("username").asString();
		String[] session = webLogin(username);
		assertThat(call("GET", "/api/v1/users/me", session).statusCode()).isEqualTo(200);
		assertThat(Http.json(api().get("/api/v1/users/me/sessions", other.path("access_token").asString()))
			.path("sessions")).hasSize(2);
		clock.advance(Duration.ofMillis(6_500));
		assertProblem(call("GET", "/api/v1/users/me", session), 401, "AUTHENTICATION_REQUIRED");
		assertThat(Http.json(api().get("/api/v1/users/me/sessions", other.path("access_token").asString()))
			.path("sessions")).as("the web login is over too").hasSize(1);
	}

	@Test
	void logoutEndsTheLoginAndTellsTheBrowserToClearItsData() {
		JsonNode other = api().newUser("logout");
		String username = other.path("user").path("username").asString();
		String[] session = webLogin(username);
		HttpResponse<String> logout = call("DELETE", "/web/session", session);
		assertThat(logout.statusCode()).isEqualTo(204);
		assertThat(logout.headers().firstValue("Clear-Site-Data")).hasValue("\"cache\", \"storage\"");
		assertThat(logout.headers().allValues("Set-Cookie"))
			.anySatisfy((cookie) -> assertThat(cookie).startsWith("bastion-session=;").contains("Max-Age=0"));
		assertProblem(call("GET", "/api/v1/users/me", session), 401, "AUTHENTICATION_REQUIRED");
		assertThat(Http.json(api().get("/api/v1/users/me/sessions", other.path("access_token").asString()))
			.path("sessions")).hasSize(1);
	}

	@Test
	void bearerCallsNeverGetASessionOrCookieEvenWithTheSessionCookie() {
		JsonNode other = api().newUser("bearer");
		String[] session = webLogin(other.path("user").path("username").asString());
		HttpResponse<String> response = api().http()
			.send("POST", "/api/v1/users/me/api-keys",
					BodyPublishers.ofString("{\"name\": \"cli\", \"current_password\": \"" + Api.PASSWORD + "\"}"),
					"Authorization", "Bearer " + other.path("access_token").asString(), "Content-Type",
					"application/json", "Cookie", "bastion-session=" + session[0]);
		assertThat(response.statusCode()).as("no CSRF token needed with a Bearer token").isEqualTo(201);
		assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
		assertThat(call("GET", "/api/v1/users/me", session).statusCode()).as("the web session is untouched")
			.isEqualTo(200);
	}

}
