package dev.bastion.chat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.bastion.support.Api;
import dev.bastion.support.Http;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAI-compatible API with a Bastion API key, in the shapes OpenAI clients expect.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class OpenAiCompatibleIntegrationTests {

	@LocalServerPort
	int port;

	String apiKey(Api api) {
		String token = api.newUser("sdk").path("access_token").asString();
		return api.createApiKey(token, "sdk");
	}

	@Test
	void modelsAndACompletionWithAnApiKey() {
		Api api = new Api(this.port);
		String key = apiKey(api);
		JsonNode models = Http.json(api.get("/v1/models", key));
		assertThat(models.path("object").asString()).isEqualTo("list");
		assertThat(models.path("data").get(0).path("id").asString()).isEqualTo("offline");
		HttpResponse<String> response = api.post("/v1/chat/completions", key,
				"{\"model\": \"offline\", \"temperature\": 0.2, \"n\": 1, \"stream_options\": null, \"messages\": ["
						+ "{\"role\": \"system\", \"content\": \"be brief\"}, {\"role\": \"user\", \"content\": \"hi\"}]}");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode completion = Http.json(response);
		assertThat(completion.path("object").asString()).isEqualTo("chat.completion");
		assertThat(completion.path("id").asString()).startsWith("chatcmpl-");
		assertThat(completion.path("choices").get(0).path("message").path("role").asString()).isEqualTo("assistant");
		assertThat(completion.path("choices").get(0).path("message").path("content").asString())
			.contains("offline assistant");
		assertThat(completion.path("choices").get(0).path("finish_reason").asString()).isEqualTo("stop");
		assertThat(completion.path("usage").path("total_tokens").asInt()).isPositive();
	}

	@Test
	void streamedCompletionEndsWithDone() {
		Api api = new Api(this.port);
		String key = apiKey(api);
		HttpResponse<String> stream = api.post("/v1/chat/completions", key,
				"{\"model\": \"offline\", \"stream\": true, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}");
		assertThat(stream.statusCode()).isEqualTo(200);
		assertThat(stream.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
		assertThat(stream.body()).contains("\"object\":\"chat.completion.chunk\"")
			.contains("\"finish_reason\":\"stop\"")
			.contains("data:[DONE]");
	}

	@Test
	void noKeyOrBadMessagesAreRefused() {
		Api api = new Api(this.port);
		assertProblem(api.http().postJson("/v1/chat/completions", "{\"messages\": []}"), 401,
				"AUTHENTICATION_REQUIRED");
		String key = apiKey(api);
		assertProblem(api.post("/v1/chat/completions", key, "{\"messages\": []}"), 400, "VALIDATION_ERROR");
		assertProblem(
				api.post("/v1/chat/completions", key, "{\"messages\": [{\"role\": \"tool\", \"content\": \"x\"}]}"),
				400, "VALIDATION_ERROR");
		assertProblem(
				api.post("/v1/chat/completions", key,
						"{\"messages\": [{\"role\": \"user\", \"content\": \"" + "x".repeat(8001) + "\"}]}"),
				400, "VALIDATION_ERROR");
	}

}
