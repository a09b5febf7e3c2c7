package dev.bastion.web;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.bastion.support.Http;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * CORS with a configured list of origins (given with stray spaces, as people type them).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "ALLOWED_ORIGINS= https://app.example ,https://two.example , ")
@ExtendWith(OutputCaptureExtension.class)
class CorsIntegrationTests {

	@LocalServerPort
	int port;

	Http http() {
		return Http.local(this.port);
	}

	@Test
	void preflightFromAnAllowedOriginThenAllowedWithTheApiMethodsOnly() {
		HttpResponse<String> response = http().send("OPTIONS", "/api/v1/health", BodyPublishers.noBody(), "Origin",
				"https://app.example", "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers",
				"authorization, content-type");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example");
		assertThat(response.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET,POST,PUT,PATCH,DELETE");
		assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
		assertThat(response.headers().firstValue("Access-Control-Max-Age")).hasValue("3600");
	}

	@Test
	void simpleRequestFromTheSecondOriginGetsItsOriginBack() {
		HttpResponse<String> response = http().get("/api/v1/health", "Origin", "https://two.example");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://two.example");
		assertThat(response.headers().firstValue("Access-Control-Expose-Headers").orElseThrow())
			.contains("X-Request-ID");
	}

	@Test
	void otherOriginThen403WithoutCorsHeadersAndLogged(CapturedOutput output) {
		HttpResponse<String> response = http().get("/api/v1/health", "Origin", "https://app.example.evil.test");
		assertProblem(response, 403, "FORBIDDEN");
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		assertThat(output).contains("CORS_REJECTED").contains("https://app.example.evil.test");
	}

	@Test
	void disallowedMethodOrHeaderInPreflightThen403() {
		assertProblem(http().send("OPTIONS", "/api/v1/health", BodyPublishers.noBody(), "Origin", "https://app.example",
				"Access-Control-Request-Method", "TRACE"), 403, "FORBIDDEN");
		assertProblem(
				http().send("OPTIONS", "/api/v1/health", BodyPublishers.noBody(), "Origin", "https://app.example",
						"Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "x-admin-override"),
				403, "FORBIDDEN");
	}

	@Test
	void pagesAreNeverOpenedToOtherOrigins() {
		HttpResponse<String> response = http().get("/", "Origin", "https://app.example");
		assertProblem(response, 403, "FORBIDDEN");
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

}
