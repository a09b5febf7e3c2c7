package dev.bastion.support;

import java.net.http.HttpResponse;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Asserts that a response is a problem of the API contract, with the exact status and
 * code.
 */
public final class Problems {

	private Problems() {
	}

	public static JsonNode assertProblem(HttpResponse<String> response, int status, String code) {
		assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = Http.json(response);
		assertThat(problem.path("status").asInt()).isEqualTo(status);
		assertThat(problem.path("code").asString()).isEqualTo(code);
		assertThat(problem.path("type").asString()).startsWith("/problems/");
		assertThat(problem.path("title").asString()).isNotBlank();
		assertThat(problem.path("detail").asString()).isNotBlank();
		assertThat(problem.path("instance").asString()).startsWith("/");
		assertThat(problem.path("request_id").asString())
			.isEqualTo(response.headers().firstValue("X-Request-ID").orElseThrow());
		assertThat(response.body()).doesNotContainIgnoringCase("exception")
			.doesNotContain("at dev.bastion")
			.doesNotContain("org.springframework")
			.doesNotContainIgnoringCase("select ")
			.doesNotContain("/work/");
		return problem;
	}

}
