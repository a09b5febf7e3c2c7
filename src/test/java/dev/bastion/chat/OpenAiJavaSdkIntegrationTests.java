package dev.bastion.chat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.models.Model;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.bastion.support.Api;
import dev.bastion.support.Http;
import dev.bastion.support.OpenAiStub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * OpenAI's official Java SDK ({@code com.openai:openai-java}), unchanged, against the
 * real server on a random port with a Bastion API key, Bastion answering through a local
 * OpenAI-compatible server: a plain and a streamed completion with parameters, usage in
 * both, and a refused field surfacing as the SDK's own 400.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "OPENAI_API_KEY=sk-test-stub-key-123456",
		"OPENAI_MODEL=stub-model", "PROVIDER_ORDER=openai,offline", "PROVIDER_TIMEOUT=3s" })
class OpenAiJavaSdkIntegrationTests {

	static OpenAiStub model;

	@LocalServerPort
	int port;

	OpenAIClient client;

	@DynamicPropertySource
	static void openai(DynamicPropertyRegistry registry) throws IOException {
		model = new OpenAiStub("Hello from the stub");
		registry.add("OPENAI_BASE_URL", model::baseUrl);
	}

	@AfterAll
	static void stop() {
		model.close();
	}

	@BeforeEach
	void client() {
		Api api = new Api(this.port);
		String key = api.createApiKey(api.newUser("javasdk").path("access_token").asString(), "sdk");
		this.client = OpenAIOkHttpClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port + "/v1")
			.apiKey(key)
			.maxRetries(0)
			.build();
	}

	@AfterEach
	void close() {
		this.client.close();
	}

	static ChatCompletionCreateParams.Builder withParameters(String prompt) {
		return ChatCompletionCreateParams.builder()
			.model("stub-model")
			.addSystemMessage("be brief")
			.addUserMessage(prompt)
			.temperature(0.4)
			.topP(0.8)
			.stopOfStrings(List.of("END"))
			.maxCompletionTokens(64L)
			.seed(11L)
			.presencePenalty(0.1)
			.frequencyPenalty(0.2)
			.user("end-user-1");
	}

	@Test
	void modelsAndAPlainCompletionWithParameters() {
		assertThat(this.client.models().list().data()).extracting(Model::id).contains("stub-model");
		ChatCompletion completion = this.client.chat().completions().create(withParameters("plain").build());
		assertThat(completion.id()).startsWith("chatcmpl-");
		assertThat(completion.model()).isEqualTo("stub-model");
		assertThat(completion.choices().getFirst().message().content()).hasValue("Hello from the stub");
		assertThat(completion.usage()).hasValueSatisfying((usage) -> {
			assertThat(usage.promptTokens()).isEqualTo(5);
			assertThat(usage.completionTokens()).isEqualTo(3);
			assertThat(usage.totalTokens()).isEqualTo(8);
		});
		JsonNode sent = Http.json(model.lastRequest().body());
		assertThat(sent.path("temperature").asDouble()).isEqualTo(0.4);
		assertThat(sent.path("top_p").asDouble()).isEqualTo(0.8);
		assertThat(sent.path("stop").get(0).asString()).isEqualTo("END");
		assertThat(sent.path("max_completion_tokens").asInt()).isEqualTo(64);
		assertThat(sent.path("seed").asInt()).isEqualTo(11);
		assertThat(sent.path("presence_penalty").asDouble()).isEqualTo(0.1);
		assertThat(sent.path("frequency_penalty").asDouble()).isEqualTo(0.2);
		assertThat(sent.path("user").asString()).startsWith("bastion-").isNotEqualTo("end-user-1");
	}

	@Test
	void aStreamedCompletionWithParametersEndsWithUsage() {
		ChatCompletionCreateParams params = withParameters("streamed")
			.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
			.build();
		List<ChatCompletionChunk> chunks = new ArrayList<>();
		try (StreamResponse<ChatCompletionChunk> stream = this.client.chat().completions().createStreaming(params)) {
			stream.stream().forEach(chunks::add);
		}
		assertThat(chunks).extracting(ChatCompletionChunk::id).containsOnly(chunks.getFirst().id());
		assertThat(chunks).extracting(ChatCompletionChunk::model).containsOnly("stub-model");
		StringBuilder text = new StringBuilder();
		chunks
			.forEach((chunk) -> chunk.choices().forEach((choice) -> choice.delta().content().ifPresent(text::append)));
		assertThat(text).hasToString("Hello from the stub");
		ChatCompletionChunk last = chunks.getLast();
		assertThat(last.choices()).isEmpty();
		assertThat(last.usage()).hasValueSatisfying((usage) -> assertThat(usage.totalTokens()).isEqualTo(8));
		assertThat(Http.json(model.lastRequest().body()).path("temperature").asDouble()).isEqualTo(0.4);
	}

	@Test
	void aRefusedFieldIsTheSdksBadRequest() {
		int calls = model.calls();
		assertThatExceptionOfType(BadRequestException.class)
			.isThrownBy(() -> this.client.chat().completions().create(withParameters("with n").n(2L).build()));
		assertThat(model.calls()).isEqualTo(calls);
	}

}
