package dev.bastion.account;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.bastion.support.Api;
import dev.bastion.support.Http;
import dev.bastion.support.Launcher;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first administrator without stopping anything: a fresh server prints a one-time
 * setup code in its log, {@code POST /api/v1/setup} with it makes the administrator and
 * closes setup for good; a wrong code is refused, counted like a failed login and rate
 * limited like a registration; of two setups at once exactly one wins; an administrator
 * made any other way closes setup too; from a web session the call needs its CSRF token.
 * Callers come from distinct addresses through a trusted proxy, so limits and bans of one
 * test do not touch another.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(OrderAnnotation.class)
class FirstAdministratorIntegrationTests {

	static final Pattern PRINTED = Pattern.compile("Bastion setup code: ([0-9A-Z]{4}(?:-[0-9A-Z]{4}){6})\\b");

	static ConfigurableApplicationContext bastion;

	static String code;

	static Http http;

	@BeforeAll
	static void start(CapturedOutput output) {
		bastion = Launcher.start(
				Map.of("TRUSTED_PROXIES", "127.0.0.1", "RATE_LIMIT_REGISTER", "3/1m", "BAN_AFTER_FAILED_LOGINS", "3"));
		http = Http.local(Launcher.port(bastion));
		Matcher printed = PRINTED.matcher(output.getAll());
		assertThat(printed.find()).as("a setup code in the log").isTrue();
		code = printed.group(1);
		assertThat(printed.find()).as("only one setup code").isFalse();
		assertThat(output.getAll()).containsPattern("WARN .*Bastion setup code: " + code);
	}

	@AfterAll
	static void stop() {
		bastion.close();
	}

	static HttpResponse<String> setUp(String client, String setupCode, String username, String password) {
		return http.postJson(
				"/api/v1/setup", "{\"setup_code\": \"" + setupCode + "\", \"username\": \"" + username
						+ "\", \"email\": \"" + username + "@example.org\", \"password\": \"" + password + "\"}",
				"X-Forwarded-For", client);
	}

	static JdbcClient jdbc() {
		return bastion.getBean(JdbcClient.class);
	}

	static void assertRefusedCode(HttpResponse<String> response) {
		JsonNode problem = assertProblem(response, 400, "VALIDATION_ERROR");
		assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("setup_code");
	}

	/** As after a restart without an active administrator: a fresh code, setup open. */
	static String reopen() {
		jdbc().sql("update accounts set active = false where role = 'ADMIN'").update();
		Instant now = Instant.now();
		return bastion.getBean(SetupCodes.class).issue(now, now.plus(Duration.ofHours(1)));
	}

	@Test
	@Order(1)
	void aFreshServerPrintsACodeKeepsOnlyItsHashAndSaysSetupIsOpen() {
		HttpResponse<String> open = http.get("/api/v1/setup");
		assertThat(open.statusCode()).isEqualTo(200);
		assertThat(Http.json(open).path("open").asBoolean()).isTrue();
		List<String> stored = jdbc().sql("select code_hash from setup_codes").query(String.class).list();
		assertThat(stored).hasSize(1)
			.allSatisfy(
					(hash) -> assertThat(hash).hasSize(64).doesNotContain(code).doesNotContain(code.replace("-", "")));
	}

	@Test
	@Order(2)
	void wrongCodesAreRefusedAndCountLikeFailedLoginsTowardsABan() {
		String attacker = "203.0.113.21";
		assertRefusedCode(setUp(attacker, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG", "mallory", Api.PASSWORD));
		assertRefusedCode(setUp(attacker, "<script>", "mallory", Api.PASSWORD));
		http.postJson("/api/v1/auth/login", "{\"username\": \"mallory\", \"password\": \"guess-1\"}", "X-Forwarded-For",
				attacker);
		assertThat(http.get("/api/v1/health", "X-Forwarded-For", attacker).statusCode()).isEqualTo(200);
		http.postJson("/api/v1/auth/login", "{\"username\": \"mallory\", \"password\": \"guess-2\"}", "X-Forwarded-For",
				attacker);
		// Four wrong guesses, two of them setup codes: more than BAN_AFTER_FAILED_LOGINS.
		assertProblem(http.get("/api/v1/health", "X-Forwarded-For", attacker), 403, "FORBIDDEN");
		assertThat(jdbc()
			.sql("select count(*) from audit_events where type = 'SETUP_CODE_REJECTED' and severity = 'WARNING'")
			.query(Long.class)
			.single()).isEqualTo(2);
		assertThat(http.get("/api/v1/setup").statusCode()).isEqualTo(200);
	}

	@Test
	@Order(3)
	void setupIsRateLimitedLikeRegistration() {
		String client = "203.0.113.31";
		for (int i = 0; i < 3; i++) {
			assertRefusedCode(setUp(client, "not-a-code", "limited", Api.PASSWORD));
		}
		HttpResponse<String> refused = setUp(client, code, "limited", Api.PASSWORD);
		assertProblem(refused, 429, "RATE_LIMIT_EXCEEDED");
		assertThat(refused.headers().firstValue("Retry-After")).isPresent();
	}

	@Test
	@Order(4)
	void aRefusedPasswordOrNameLeavesTheCodeUnspent() {
		JsonNode weak = assertProblem(setUp("203.0.113.41", code, "firstadmin", "password123"), 400,
				"VALIDATION_ERROR");
		assertThat(weak.path("errors").get(0).path("field").asString()).isEqualTo("password");
		assertProblem(setUp("203.0.113.42", code, "x", Api.PASSWORD), 400, "VALIDATION_ERROR");
		assertThat(http.get("/api/v1/setup").statusCode()).isEqualTo(200);
	}

	@Test
	@Order(5)
	void fromAWebSessionTheCallNeedsTheCsrfTokenLikeEveryOtherUiCall() {
		String user = Api.uniqueName("browser");
		bastion.getBean(AccountManagement.class).register(user, user + "@example.org", Api.PASSWORD);
		String csrf = cookie(http.get("/"), "XSRF-TOKEN");
		HttpResponse<String> login = http.send("POST", "/web/session",
				java.net.http.HttpRequest.BodyPublishers
					.ofString("{\"username\": \"" + user + "\", \"password\": \"" + Api.PASSWORD + "\"}"),
				"Content-Type", "application/json", "Cookie", "XSRF-TOKEN=" + csrf, "X-XSRF-TOKEN", csrf);
		assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
		HttpResponse<String> forged = http.postJson("/api/v1/setup",
				"{\"setup_code\": \"" + code + "\", \"username\": \"csrfadmin\", \"email\": "
						+ "\"csrfadmin@example.org\", \"password\": \"" + Api.PASSWORD + "\"}",
				"Cookie", "bastion-session=" + cookie(login, "bastion-session"));
		assertProblem(forged, 403, "FORBIDDEN");
		assertThat(http.get("/api/v1/setup").statusCode()).isEqualTo(200);
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
	@Order(10)
	void thePrintedCodeMakesTheFirstAdministratorOnceThenSetupIsGone() {
		String typed = code.toLowerCase(java.util.Locale.ROOT).replace("-", " ");
		HttpResponse<String> created = setUp("203.0.113.51", typed, "firstadmin", Api.PASSWORD);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		JsonNode admin = Http.json(created);
		assertThat(admin.path("role").asString()).isEqualTo("ADMIN");
		assertThat(admin.path("pending").asBoolean()).isFalse();
		assertThat(created.body()).doesNotContain("password").doesNotContain(code);

		Api api = new Api(Launcher.port(bastion));
		String token = Http.json(api.login("firstadmin", Api.PASSWORD)).path("access_token").asString();
		assertThat(api.get("/api/v1/admin/users", token).statusCode()).isEqualTo(200);

		assertProblem(http.get("/api/v1/setup"), 404, "NOT_FOUND");
		assertProblem(setUp("203.0.113.52", code, "secondadmin", Api.PASSWORD), 404, "NOT_FOUND");
		assertThat(jdbc().sql("select count(*) from setup_codes").query(Long.class).single()).isZero();
		JsonNode completed = Http.json(api.get("/api/v1/admin/security-events?type=SETUP_COMPLETED", token))
			.path("events");
		assertThat(completed).hasSize(1);
		assertThat(completed.get(0).path("username").asString()).isEqualTo("firstadmin");
		assertThat(completed.get(0).path("ip").asString()).isEqualTo("203.0.113.51");
	}

	@Test
	@Order(20)
	void ofTwoSetupsAtOnceExactlyOneMakesAnAdministrator() throws Exception {
		for (boolean sameCode : new boolean[] { false, true }) {
			String first = reopen();
			String second = sameCode ? first : reopen();
			List<Callable<HttpResponse<String>>> racers = List.of(
					() -> setUp("203.0.113.61", first, Api.uniqueName("racer"), Api.PASSWORD),
					() -> setUp("203.0.113.62", second, Api.uniqueName("racer"), Api.PASSWORD));
			try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
				List<Integer> statuses = pool.invokeAll(racers)
					.stream()
					.map(FirstAdministratorIntegrationTests::status)
					.toList();
				assertThat(statuses).as("same code: " + sameCode).containsExactlyInAnyOrder(201, 404);
			}
			assertThat(bastion.getBean(Accounts.class).activeAdmins()).isEqualTo(1);
		}
	}

	@Test
	@Order(30)
	void anAdministratorMadeFromTheCommandLineOrByPromotionClosesSetup() {
		String fresh = reopen();
		assertThat(http.get("/api/v1/setup").statusCode()).isEqualTo(200);
		String name = Api.uniqueName("cliadmin");
		bastion.getBean(AccountManagement.class).createAdmin(name, name + "@example.org", Api.PASSWORD);
		assertProblem(http.get("/api/v1/setup"), 404, "NOT_FOUND");
		assertProblem(setUp("203.0.113.71", fresh, "lateadmin", Api.PASSWORD), 404, "NOT_FOUND");

		String again = reopen();
		Profile user = bastion.getBean(AccountManagement.class)
			.register(Api.uniqueName("promoted"), Api.uniqueName("promoted") + "@example.org", Api.PASSWORD);
		bastion.getBean(AccountAdministration.class).setRole(user.id(), Role.ADMIN);
		assertProblem(http.get("/api/v1/setup"), 404, "NOT_FOUND");
		assertThat(jdbc().sql("select count(*) from setup_codes").query(Long.class).single()).isZero();
		jdbc().sql("update accounts set active = false where role = 'ADMIN'").update();
		assertProblem(setUp("203.0.113.72", again, "lateadmin", Api.PASSWORD), 404, "NOT_FOUND");
	}

	static int status(Future<HttpResponse<String>> response) {
		try {
			return response.get().statusCode();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
