package dev.bastion.ratelimit;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.bastion.account.AccountManagement;
import dev.bastion.support.Api;
import dev.bastion.support.Http;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Brute force and credential stuffing from one address get it banned, with a CRITICAL
 * security event; an admin sees and lifts the ban.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "TRUSTED_PROXIES=127.0.0.1", "BAN_AFTER_FAILED_LOGINS=10", "BAN_AFTER_DISTINCT_USERNAMES=5",
				"BAN_DURATION=1h" })
@ExtendWith(OutputCaptureExtension.class)
class IntrusionDetectionIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	AccountManagement accounts;

	Http http() {
		return Http.local(this.port);
	}

	HttpResponse<String> login(String client, String username, String password) {
		return http().postJson("/api/v1/auth/login",
				"{\"username\": \"" + username + "\", \"password\": \"" + password + "\"}", "X-Forwarded-For", client);
	}

	@Test
	void moreThanTenFailedLoginsBanTheAddressForAnHourAndAnAdminCanLiftIt(CapturedOutput output) {
		String attacker = "203.0.113.10";
		String victim = Api.uniqueName("target");
		for (int i = 0; i < 11; i++) {
			HttpResponse<String> response = login(attacker, victim, "guess-" + i);
			assertThat(response.statusCode()).isIn(401, 429);
		}
		HttpResponse<String> banned = http().get("/api/v1/health", "X-Forwarded-For", attacker);
		assertProblem(banned, 403, "FORBIDDEN");
		assertThat(Long.parseLong(banned.headers().firstValue("Retry-After").orElseThrow())).isBetween(3500L, 3600L);
		assertThat(http().get("/api/v1/health", "X-Forwarded-For", "203.0.113.11").statusCode()).isEqualTo(200);
		assertThat(output).contains("ADDRESS_BANNED").contains("CRITICAL");

		String admin = Api.uniqueName("ops");
		this.accounts.createAdmin(admin, admin + "@example.org", Api.PASSWORD);
		String token = Http.json(login("203.0.113.50", admin, Api.PASSWORD)).path("access_token").asString();
		HttpResponse<String> bans = http().get("/api/v1/admin/bans", "Authorization", "Bearer " + token,
				"X-Forwarded-For", "203.0.113.50");
		assertThat(bans.statusCode()).isEqualTo(200);
		assertThat(bans.body()).contains("\"ip\":\"203.0.113.10\"").contains("failed logins");
		assertThat(http()
			.send("DELETE", "/api/v1/admin/bans/203.0.113.10", java.net.http.HttpRequest.BodyPublishers.noBody(),
					"Authorization", "Bearer " + token, "X-Forwarded-For", "203.0.113.50")
			.statusCode()).isEqualTo(204);
		assertThat(http().get("/api/v1/health", "X-Forwarded-For", attacker).statusCode()).isEqualTo(200);
	}

	@Test
	void failuresForManyAccountsFromOneAddressBanItSooner() {
		String stuffer = "203.0.113.20";
		for (int i = 0; i < 5; i++) {
			assertThat(login(stuffer, Api.uniqueName("leaked" + i), "leaked-password-" + i).statusCode())
				.isEqualTo(401);
		}
		assertProblem(login(stuffer, Api.uniqueName("leaked"), "leaked-password"), 403, "FORBIDDEN");
	}

}
