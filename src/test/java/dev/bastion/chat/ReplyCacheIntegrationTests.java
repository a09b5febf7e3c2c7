package dev.bastion.chat;

import java.io.IOException;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.bastion.support.Api;
import dev.bastion.support.Http;
import dev.bastion.support.OpenAiStub;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reply cache through the real server: an identical prompt is answered from the cache
 * for the same user only, {@code cache: false} bypasses it, a cached reply spends no
 * tokens, the offline fallback's replies are not kept, and hits and misses show in health
 * and metrics.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "OPENAI_API_KEY=sk-test-cache", "PROVIDER_ORDER=openai,offline", "HEALTH_CACHE_TTL=0s" })
class ReplyCacheIntegrationTests {

	static OpenAiStub model;

	@DynamicPropertySource
	static void openai(DynamicPropertyRegistry registry) throws IOException {
		model = new OpenAiStub("A bastion is a fortified outwork.");
		registry.add("OPENAI_BASE_URL", model::baseUrl);
	}

	@AfterAll
	static void stop() {
		model.close();
	}

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void anIdenticalPromptIsServedFromTheCacheForTheSameUserOnly() {
		Api api = new Api(this.port);
		String alice = api.newUser("cachealice").path("access_token").asString();
		String bob = api.newUser("cachebob").path("access_token").asString();
		JsonNode before = Http.json(api.http().get("/api/v1/health")).path("cache");

		int calls = model.calls();
		JsonNode first = Http.json(api.post("/api/v1/chat", alice, "{\"message\": \"what is a bastion?\"}"));
		JsonNode second = Http.json(api.post("/api/v1/chat", alice, "{\"message\": \"what is a bastion?\"}"));
		assertThat(first.path("cached").asBoolean()).isFalse();
		assertThat(second.path("cached").asBoolean()).isTrue();
		assertThat(second.path("reply").asString()).isEqualTo(first.path("reply").asString());
		assertThat(second.path("provider").asString()).isEqualTo("openai");
		assertThat(second.path("model").asString()).isEqualTo("stub-model");
		assertThat(second.path("usage").path("total_tokens").asInt()).isZero();

		JsonNode other = Http.json(api.post("/api/v1/chat", bob, "{\"message\": \"what is a bastion?\"}"));
		assertThat(other.path("cached").asBoolean()).as("never shared across users").isFalse();
		JsonNode bypass = Http
			.json(api.post("/api/v1/chat", alice, "{\"message\": \"what is a bastion?\", \"cache\": false}"));
		assertThat(bypass.path("cached").asBoolean()).isFalse();

		assertThat(model.calls() - calls).as("only misses reach the model").isEqualTo(3);
		JsonNode usage = Http.json(api.get("/api/v1/users/me/usage", alice));
		assertThat(usage.path("tokens_today").asLong()).isEqualTo(
				first.path("usage").path("total_tokens").asLong() + bypass.path("usage").path("total_tokens").asLong());
		assertThat(usage.path("requests_today").asLong()).as("cached replies are free").isEqualTo(2);

		JsonNode after = Http.json(api.http().get("/api/v1/health")).path("cache");
		assertThat(after.path("hits").asLong() - before.path("hits").asLong()).isEqualTo(1);
		assertThat(after.path("misses").asLong() - before.path("misses").asLong()).isEqualTo(2);
		assertThat(after.path("size").asLong()).isGreaterThanOrEqualTo(2);
		assertThat(after.path("hit_ratio").isNumber()).isTrue();
		String metrics = Http.local(this.managementPort).get("/actuator/prometheus").body();
		assertThat(metrics).contains("bastion_chat_cache_hits_total")
			.contains("bastion_chat_cache_misses_total")
			.contains("bastion_chat_cache_size");
	}

	@Test
	void theStreamedReplyOfACachedPromptComesFromTheCache() {
		Api api = new Api(this.port);
		String token = api.newUser("cachestream").path("access_token").asString();
		api.post("/api/v1/chat", token, "{\"message\": \"stream me\"}");
		HttpResponse<String> stream = api.http()
			.send("POST", "/api/v1/chat",
					java.net.http.HttpRequest.BodyPublishers.ofString("{\"message\": \"stream me\"}"), "Authorization",
					"Bearer " + token, "Content-Type", "application/json", "Accept", "text/event-stream");
		assertThat(stream.body()).contains("event:token").contains("\"cached\":true");
	}

	@Test
	void maxTokensIsBounded() {
		Api api = new Api(this.port);
		String token = api.newUser("maxtokens").path("access_token").asString();
		assertProblem(api.post("/api/v1/chat", token, "{\"message\": \"hi\", \"max_tokens\": 1000000}"), 400,
				"VALIDATION_ERROR");
		assertProblem(api.post("/api/v1/chat", token, "{\"message\": \"hi\", \"max_tokens\": 0}"), 400,
				"VALIDATION_ERROR");
		assertThat(api.post("/api/v1/chat", token, "{\"message\": \"hi\", \"max_tokens\": 64}").statusCode())
			.isEqualTo(200);
	}

	@Test
	void repliesOfTheOfflineFallbackAreNotCached() {
		Api api = new Api(this.port);
		String token = api.newUser("nocacheoffline").path("access_token").asString();
		String body = "{\"message\": \"hi\", \"max_tokens\": 7}";
		model.failNext(2);
		JsonNode fallback = Http.json(api.post("/api/v1/chat", token, body));
		assertThat(fallback.path("provider").asString()).isEqualTo("offline");
		JsonNode again = Http.json(api.post("/api/v1/chat", token, body));
		assertThat(again.path("provider").asString()).isEqualTo("openai");
		assertThat(again.path("cached").asBoolean()).isFalse();
	}

}
