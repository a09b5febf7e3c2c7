package dev.bastion.chat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.bastion.support.Api;
import dev.bastion.support.Http;
import dev.bastion.support.OpenAiStub;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /v1/chat/completions} with OpenAI's parameters, against a local
 * OpenAI-compatible server that records what reaches it: each honoured parameter arrives
 * there as sent, each unsupported field and each value out of OpenAI's ranges is refused
 * with 400 naming it (and never reaches the model), streams carry one id and the model
 * that answered, usage comes when asked, and the reply cache never answers for other
 * parameters.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "OPENAI_API_KEY=sk-test-stub-key-123456",
		"OPENAI_MODEL=stub-model", "PROVIDER_ORDER=openai,offline", "PROVIDER_TIMEOUT=3s", "CHAT_MAX_TOKENS=1000" })
class OpenAiParametersIntegrationTests {

	static OpenAiStub model;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void openai(DynamicPropertyRegistry registry) throws IOException {
		model = new OpenAiStub("Hello from the stub");
		registry.add("OPENAI_BASE_URL", model::baseUrl);
	}

	@AfterAll
	static void stop() {
		model.close();
	}

	static String sharedKey;

	String apiKey(Api api) {
		return api.createApiKey(api.newUser("params").path("access_token").asString(), "sdk");
	}

	/** One account for the tests of refusals, which never spend its budget. */
	synchronized String sharedKey(Api api) {
		if (sharedKey == null) {
			sharedKey = apiKey(api);
		}
		return sharedKey;
	}

	static String completion(String fields, String content) {
		return "{\"model\": \"stub-model\", " + fields + (fields.isEmpty() ? "" : ", ")
				+ "\"messages\": [{\"role\": \"user\", \"content\": " + content + "}]}";
	}

	JsonNode upstream() {
		return Http.json(model.lastRequest().body());
	}

	@Test
	void eachSamplingParameterArrivesUpstreamAsSent() {
		Api api = new Api(this.port);
		String key = apiKey(api);
		HttpResponse<String> response = api.post("/v1/chat/completions", key,
				completion("\"temperature\": 0.3, \"top_p\": 0.9, \"stop\": [\"END\", \"STOP\"], \"max_tokens\": 50, "
						+ "\"seed\": 7, \"presence_penalty\": 0.4, \"frequency_penalty\": -0.3, \"n\": 1, "
						+ "\"logprobs\": false, \"response_format\": {\"type\": \"text\"}, \"store\": false, "
						+ "\"cache\": false", "\"hi\""));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode sent = upstream();
		assertThat(sent.path("temperature").asDouble()).isEqualTo(0.3);
		assertThat(sent.path("top_p").asDouble()).isEqualTo(0.9);
		assertThat(sent.path("stop").values()).extracting(JsonNode::asString).containsExactly("END", "STOP");
		assertThat(sent.path("max_tokens").asInt()).isEqualTo(50);
		assertThat(sent.has("max_completion_tokens")).isFalse();
		assertThat(sent.path("seed").asInt()).isEqualTo(7);
		assertThat(sent.path("presence_penalty").asDouble()).isEqualTo(0.4);
		assertThat(sent.path("frequency_penalty").asDouble()).isEqualTo(-0.3);
		assertThat(sent.path("model").asString()).isEqualTo("stub-model");
		assertThat(sent.has("user")).as("no user given, none invented").isFalse();
	}

	@Test
	void maxCompletionTokensAndAOneStringStopArriveUnderTheirOwnNames() {
		Api api = new Api(this.port);
		String key = apiKey(api);
		api.post("/v1/chat/completions", key,
				completion("\"max_completion_tokens\": 40, \"stop\": \"END\", \"cache\": false", "\"hi\""));
		JsonNode sent = upstream();
		assertThat(sent.path("max_completion_tokens").asInt()).isEqualTo(40);
		assertThat(sent.has("max_tokens")).isFalse();
		assertThat(sent.path("stop").values()).extracting(JsonNode::asString).containsExactly("END");
	}

	@Test
	void withoutParametersTheProviderKeepsItsDefaults() {
		Api api = new Api(this.port);
		api.post("/v1/chat/completions", apiKey(api), completion("\"cache\": false", "\"hi\""));
		JsonNode sent = upstream();
		for (String field : List.of("temperature", "top_p", "stop", "max_tokens", "max_completion_tokens", "seed",
				"presence_penalty", "frequency_penalty", "user")) {
			assertThat(sent.has(field)).as(field).isFalse();
		}
	}

	@Test
	void theUserReachesTheProviderOnlyAsAPseudonymPerAccount() {
		Api api = new Api(this.port);
		JsonNode first = api.newUser("pseudo");
		String key = api.createApiKey(first.path("access_token").asString(), "sdk");
		String accountId = first.path("user").path("id").asString();
		api.post("/v1/chat/completions", key,
				completion("\"user\": \"alice@example.org\", \"cache\": false", "\"hi\""));
		String alice = upstream().path("user").asString();
		assertThat(alice).startsWith("bastion-").hasSize(40);
		assertThat(model.lastRequest().body()).doesNotContain("alice@example.org").doesNotContain(accountId);
		api.post("/v1/chat/completions", key,
				completion("\"user\": \"alice@example.org\", \"cache\": false", "\"again\""));
		assertThat(upstream().path("user").asString()).as("stable for one end user").isEqualTo(alice);
		api.post("/v1/chat/completions", apiKey(api),
				completion("\"user\": \"alice@example.org\", \"cache\": false", "\"hi\""));
		assertThat(upstream().path("user").asString()).as("another account's alice is someone else")
			.isNotEqualTo(alice);
	}

	@Test
	void contentAsTextPartsAndDeveloperMessagesArePassedOn() {
		Api api = new Api(this.port);
		String key = apiKey(api);
		HttpResponse<String> response = api.post("/v1/chat/completions", key,
				"{\"model\": \"stub-model\", \"cache\": false, \"messages\": ["
						+ "{\"role\": \"developer\", \"content\": [{\"type\": \"text\", \"text\": \"be brief\"}]},"
						+ "{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": \"first part\"},"
						+ " {\"type\": \"text\", \"text\": \"second part\"}]}]}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode messages = upstream().path("messages");
		assertThat(messages.get(0).path("role").asString()).isEqualTo("system");
		assertThat(messages.get(0).path("content").asString()).isEqualTo("be brief");
		assertThat(messages.get(1).path("content").asString()).isEqualTo("first part\nsecond part");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			tools          | "tools": [{"type": "function", "function": {"name": "f"}}]
			tool_choice    | "tool_choice": "auto"
			functions      | "functions": [{"name": "f"}]
			function_call  | "function_call": "auto"
			response_format| "response_format": {"type": "json_object"}
			logprobs       | "logprobs": true
			n              | "n": 2
			logit_bias     | "logit_bias": {"50256": -100}
			top_logprobs   | "top_logprobs": 2
			modalities     | "modalities": ["text", "audio"]
			audio          | "audio": {"voice": "alloy", "format": "mp3"}
			reasoning_effort | "reasoning_effort": "high"
			temprature     | "temprature": 0.5
			""")
	void aFieldBastionDoesNotHonourIsRefusedByName(String field, String json) {
		assertRefused(completion(json, "\"hi\""), field);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					messages[0].content[1].type | [{"type": "text", "text": "look"}, {"type": "image_url", "image_url": {"url": "https://example.org/a.png"}}]
					messages[0].content[0].type | [{"type": "input_audio", "input_audio": {"data": "AAAA", "format": "wav"}}]
					messages[0].content         | null
					""")
	void imageAndAudioPartsAreRefusedByName(String field, String content) {
		assertRefused(completion("", content), field);
	}

	@Test
	void aMessageFieldBastionDoesNotHonourIsRefusedByName() {
		assertRefused("{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}, "
				+ "{\"role\": \"user\", \"name\": \"bob\", \"content\": \"hi\"}]}", "messages[1].name");
		assertRefused("{\"messages\": [{\"role\": \"tool\", \"content\": \"42\", \"tool_call_id\": \"c\"}]}",
				"messages[0]");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			temperature           | "temperature": 2.1
			temperature           | "temperature": -0.1
			temperature           | "temperature": "hot"
			top_p                 | "top_p": 1.5
			presence_penalty      | "presence_penalty": 2.5
			frequency_penalty     | "frequency_penalty": -3
			stop                  | "stop": ["a", "b", "c", "d", "e"]
			stop                  | "stop": [""]
			stop                  | "stop": 5
			max_tokens            | "max_tokens": 0
			max_tokens            | "max_tokens": 1001
			max_completion_tokens | "max_completion_tokens": 0
			max_completion_tokens | "max_completion_tokens": 5000
			seed                  | "seed": 1099511627776
			seed                  | "seed": 1.5
			user                  | "user": 42
			stream_options        | "stream_options": {"include_usage": true}
			""")
	void aValueOutOfOpenAisRangeIsRefusedByName(String field, String json) {
		assertRefused(completion(json, "\"hi\""), field);
	}

	private void assertRefused(String body, String field) {
		Api api = new Api(this.port);
		String key = sharedKey(api);
		int calls = model.calls();
		JsonNode problem = assertProblem(api.post("/v1/chat/completions", key, body), 400, "VALIDATION_ERROR");
		assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo(field);
		assertThat(model.calls()).as("nothing reached the model").isEqualTo(calls);
	}

	@Test
	void aStreamCarriesOneIdOneCreatedAndTheModelThatAnswered() {
		Api api = new Api(this.port);
		List<JsonNode> chunks = Streams.chunks(api.post("/v1/chat/completions", apiKey(api),
				completion("\"stream\": true, \"cache\": false", "\"hi\"")));
		assertThat(chunks).hasSizeGreaterThan(2);
		String id = chunks.getFirst().path("id").asString();
		assertThat(id).startsWith("chatcmpl-");
		long created = chunks.getFirst().path("created").asLong();
		for (JsonNode chunk : chunks) {
			assertThat(chunk.path("id").asString()).isEqualTo(id);
			assertThat(chunk.path("created").asLong()).isEqualTo(created);
			assertThat(chunk.path("model").asString()).isEqualTo("stub-model");
			assertThat(chunk.has("usage")).as("usage only when asked").isFalse();
		}
		assertThat(chunks.getFirst().path("choices").get(0).path("delta").path("role").asString())
			.isEqualTo("assistant");
		assertThat(Streams.text(chunks)).isEqualTo("Hello from the stub");
		assertThat(chunks.getLast().path("choices").get(0).path("finish_reason").asString()).isEqualTo("stop");
	}

	@Test
	void aStreamEndsWithAUsageChunkWhenAskedFor() {
		Api api = new Api(this.port);
		List<JsonNode> chunks = Streams.chunks(api.post("/v1/chat/completions", apiKey(api), completion(
				"\"stream\": true, \"stream_options\": {\"include_usage\": true}, \"cache\": false", "\"hi\"")));
		JsonNode last = chunks.getLast();
		assertThat(last.path("choices").isArray()).isTrue();
		assertThat(last.path("choices").isEmpty()).isTrue();
		assertThat(last.path("usage").path("prompt_tokens").asInt()).isEqualTo(5);
		assertThat(last.path("usage").path("completion_tokens").asInt()).isEqualTo(3);
		assertThat(last.path("usage").path("total_tokens").asInt()).isEqualTo(8);
		assertThat(last.path("id").asString()).isEqualTo(chunks.getFirst().path("id").asString());
		assertThat(chunks.subList(0, chunks.size() - 1))
			.allSatisfy((chunk) -> assertThat(chunk.has("usage")).isFalse());
	}

	@Test
	void aPlainCompletionNamesTheModelThatAnsweredAndAlwaysHasUsage() {
		Api api = new Api(this.port);
		JsonNode completion = Http
			.json(api.post("/v1/chat/completions", apiKey(api), completion("\"cache\": false", "\"hi\"")));
		assertThat(completion.path("model").asString()).isEqualTo("stub-model");
		assertThat(completion.path("usage").path("total_tokens").asInt()).isEqualTo(8);
	}

	@Test
	void theReplyCacheNeverAnswersForOtherParameters() {
		Api api = new Api(this.port);
		String key = apiKey(api);
		String prompt = "\"" + Api.uniqueName("cached prompt") + "\"";
		int calls = model.calls();
		api.post("/v1/chat/completions", key, completion("\"temperature\": 0.2", prompt));
		api.post("/v1/chat/completions", key, completion("\"temperature\": 0.2", prompt));
		assertThat(model.calls()).as("the same parameters: served from the cache").isEqualTo(calls + 1);
		for (String other : List.of("\"temperature\": 0.9", "\"temperature\": 0.2, \"seed\": 1",
				"\"temperature\": 0.2, \"stop\": \"x\"", "\"temperature\": 0.2, \"top_p\": 0.5",
				"\"temperature\": 0.2, \"max_completion_tokens\": 9", "\"temperature\": 0.2, \"presence_penalty\": 1",
				"\"temperature\": 0.2, \"frequency_penalty\": 1")) {
			int before = model.calls();
			api.post("/v1/chat/completions", key, completion(other, prompt));
			assertThat(model.calls()).as(other).isEqualTo(before + 1);
		}
	}

}
