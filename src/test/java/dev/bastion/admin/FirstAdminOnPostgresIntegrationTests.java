package dev.bastion.admin;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.bastion.BastionApplication;
import dev.bastion.support.Api;
import dev.bastion.support.Http;
import dev.bastion.support.Launcher;
import dev.bastion.support.TestPostgres;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Production on PostgreSQL, two instances on one database, as an operator runs it: each
 * prints its own setup code in its JSON log at {@code WARN}; the command line works
 * beside the running servers, and its {@code create-admin} closes setup on both; a
 * sign-up waits for approval (the production default) until {@code admin approve};
 * {@code admin promote} and {@code demote} reach a running server's tokens within its
 * 10-second cache, without Redis.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(OrderAnnotation.class)
class FirstAdminOnPostgresIntegrationTests {

	static final String SECRET = "4f1c9a7e2b8d6035c1e9f7a2b4d8c6e0a3f5b7d9";

	static final String[] HTTPS = { "X-Forwarded-Proto", "https" };

	static String databaseUrl;

	static ConfigurableApplicationContext first;

	static ConfigurableApplicationContext second;

	static List<JsonNode> printed = new ArrayList<>();

	@BeforeAll
	static void start(CapturedOutput output) {
		databaseUrl = TestPostgres.freshDatabaseUrl();
		// Other tests' contexts stay alive; start logging afresh, in JSON, for these.
		LoggingSystem.get(FirstAdminOnPostgresIntegrationTests.class.getClassLoader()).cleanUp();
		Map<String, String> environment = Map.of("SECRET_KEY", SECRET, "TRUSTED_PROXIES", "127.0.0.1", "PUBLIC_URL",
				"https://localhost", "DATABASE_URL", databaseUrl);
		first = Launcher.start(environment, "production");
		second = Launcher.start(environment, "production");
		JsonMapper json = JsonMapper.builder().build();
		output.getAll()
			.lines()
			.filter((line) -> line.startsWith("{") && line.contains("Bastion setup code: "))
			.forEach((line) -> printed.add(json.readTree(line)));
	}

	@AfterAll
	static void stop() {
		second.close();
		first.close();
	}

	static Http http(ConfigurableApplicationContext instance) {
		return Http.local(Launcher.port(instance));
	}

	static String code(JsonNode line) {
		return line.path("message").asString().substring("Bastion setup code: ".length()).strip();
	}

	static HttpResponse<String> post(ConfigurableApplicationContext instance, String path, String json,
			String... headers) {
		String[] all = new String[HTTPS.length + headers.length];
		System.arraycopy(HTTPS, 0, all, 0, HTTPS.length);
		System.arraycopy(headers, 0, all, HTTPS.length, headers.length);
		return http(instance).postJson(path, json, all);
	}

	static HttpResponse<String> get(ConfigurableApplicationContext instance, String path, String token) {
		return http(instance).get(path, "X-Forwarded-Proto", "https", "Authorization", "Bearer " + token);
	}

	static JsonNode login(ConfigurableApplicationContext instance, String username) {
		HttpResponse<String> response = post(instance, "/api/v1/auth/login",
				"{\"username\": \"" + username + "\", \"password\": \"" + Api.PASSWORD + "\"}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return Http.json(response);
	}

	/** Runs {@code bastion admin ARGS} against the servers' database, in this JVM. */
	static String cli(int expectedExit, String stdin, String... args) {
		Map<String, String> environment = Map.of("DATABASE_URL", databaseUrl, "SECRET_KEY", SECRET);
		environment.forEach(System::setProperty);
		try {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
			int exit = new AdminCommandLine(BastionApplication.class,
					new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), print, print)
				.run(args);
			assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isEqualTo(expectedExit);
			return out.toString(StandardCharsets.UTF_8);
		}
		finally {
			environment.keySet().forEach(System::clearProperty);
		}
	}

	@Test
	@Order(1)
	void eachInstancePrintsItsOwnCodeAtWarnInItsJsonLog() {
		assertThat(printed).hasSize(2).allSatisfy((line) -> {
			assertThat(line.path("log").path("level").asString()).isEqualTo("WARN");
			assertThat(code(line)).matches("[0-9A-Z]{4}(-[0-9A-Z]{4}){6}");
		});
		assertThat(code(printed.get(0))).isNotEqualTo(code(printed.get(1)));
		for (ConfigurableApplicationContext instance : List.of(first, second)) {
			HttpResponse<String> open = http(instance).get("/api/v1/setup", HTTPS);
			assertThat(open.statusCode()).isEqualTo(200);
		}
	}

	@Test
	@Order(2)
	void createAdminFromTheCommandLineBesideTheServersClosesSetupOnThem(CapturedOutput output) {
		int before = output.getAll().length();
		assertThat(cli(0, Api.PASSWORD + "\n", "create-admin", "root", "root@example.org"))
			.contains("Created administrator root");
		assertThat(output.getAll().substring(before)).as("the command line prints no setup code")
			.doesNotContain("Bastion setup code");
		for (ConfigurableApplicationContext instance : List.of(first, second)) {
			assertProblem(http(instance).get("/api/v1/setup", HTTPS), 404, "NOT_FOUND");
		}
		// Either instance's code is spent, on either instance.
		assertProblem(post(second, "/api/v1/setup",
				"{\"setup_code\": \"" + code(printed.get(0))
						+ "\", \"username\": \"late\", \"email\": \"late@example.org\", \"password\": \"" + Api.PASSWORD
						+ "\"}"),
				404, "NOT_FOUND");
		assertThat(get(first, "/api/v1/admin/users", login(first, "root").path("access_token").asString()).statusCode())
			.isEqualTo(200);
	}

	@Test
	@Order(3)
	void aSignUpWaitsForApprovalThenPromotionAndDemotionReachTheRunningServers() throws Exception {
		HttpResponse<String> registered = post(first, "/api/v1/auth/register",
				"{\"username\": \"dana\", \"email\": \"dana@example.org\", \"password\": \"" + Api.PASSWORD + "\"}");
		assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
		assertThat(Http.json(registered).path("pending").asBoolean()).isTrue();
		assertProblem(
				post(second, "/api/v1/auth/login", "{\"username\": \"dana\", \"password\": \"" + Api.PASSWORD + "\"}"),
				403, "ACCOUNT_PENDING");
		assertThat(cli(0, "", "approve", "dana")).contains("Approved dana");
		JsonNode dana = login(second, "dana");
		assertProblem(get(second, "/api/v1/admin/users", dana.path("access_token").asString()), 403, "FORBIDDEN");

		assertThat(cli(0, "", "promote", "dana")).contains("dana is an administrator");
		awaitRefused(second, dana.path("access_token").asString());
		JsonNode promoted = Http.json(post(second, "/api/v1/auth/refresh",
				"{\"refresh_token\": \"" + dana.path("refresh_token").asString() + "\"}"));
		assertThat(get(second, "/api/v1/admin/users", promoted.path("access_token").asString()).statusCode())
			.isEqualTo(200);

		assertThat(cli(0, "", "demote", "dana")).contains("dana is a plain user");
		awaitRefused(second, promoted.path("access_token").asString());
		assertThat(cli(1, "", "demote", "root")).contains("last active administrator");
	}

	/**
	 * Polls until the running server refuses {@code token}: its cached view of the
	 * account lasts at most 10 s without Redis.
	 */
	static void awaitRefused(ConfigurableApplicationContext instance, String token) {
		await("the token refused").atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> get(instance, "/api/v1/users/me", token).statusCode() != 200);
		assertProblem(get(instance, "/api/v1/users/me", token), 401, "TOKEN_REVOKED");
	}

}
