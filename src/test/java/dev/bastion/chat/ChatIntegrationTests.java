package dev.bastion.chat;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.bastion.support.Api;
import dev.bastion.support.Http;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chat with the built-in offline provider through the real server: sessions, JSON and
 * streamed replies, bounds, the daily budget, and no message text in any log.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "CHAT_DAILY_TOKEN_BUDGET=300")
@ExtendWith(OutputCaptureExtension.class)
class ChatIntegrationTests {

	static final String PRIVATE = "my private diagnosis is mononucleosis";

	@LocalServerPort
	int port;

	@Autowired
	ChatProperties properties;

	@Test
	void conversationsInMemoryAreBoundedByTheHeapByDefault() {
		// 50 million characters, the former fixed default, were up to 100 MB: more than
		// half of the image's 192 MiB heap, which bench/soak.sh ran out of.
		assertThat(this.properties.memoryMaxChars()).isEqualTo(Runtime.getRuntime().maxMemory() / 16);
	}

	@Test
	void sessionThenChatAnswersAsTheOfflineProviderAndKeepsContext(CapturedOutput output) {
		Api api = new Api(this.port);
		String token = api.newUser("chatter").path("access_token").asString();
		HttpResponse<String> started = api.post("/api/v1/sessions", token, "{}");
		assertThat(started.statusCode()).isEqualTo(201);
		String session = Http.json(started).path("session_id").asString();
		JsonNode first = Http.json(api.post("/api/v1/chat", token,
				"{\"message\": \"" + PRIVATE + "\", \"session_id\": \"" + session + "\"}"));
		assertThat(first.path("session_id").asString()).isEqualTo(session);
		assertThat(first.path("provider").asString()).isEqualTo("offline");
		assertThat(first.path("model").asString()).isEqualTo("offline");
		assertThat(first.path("cached").asBoolean()).isFalse();
		assertThat(first.path("reply").asString()).contains("offline assistant").contains("message 1");
		assertThat(first.path("usage").path("total_tokens").asInt()).isPositive();
		JsonNode second = Http
			.json(api.post("/api/v1/chat", token, "{\"message\": \"and now?\", \"session_id\": \"" + session + "\"}"));
		assertThat(second.path("reply").asString()).contains("message 2");
		JsonNode usage = Http.json(api.get("/api/v1/users/me/usage", token));
		assertThat(usage.path("tokens_today").asLong()).isEqualTo(
				first.path("usage").path("total_tokens").asLong() + second.path("usage").path("total_tokens").asLong());
		assertThat(usage.path("requests_today").asLong()).isEqualTo(2);
		assertThat(usage.path("daily_budget").asLong()).isEqualTo(300);
		assertThat(output.getAll()).doesNotContain("mononucleosis");
	}

	@Test
	void streamedReplyArrivesAsServerSentEvents() {
		Api api = new Api(this.port);
		String token = api.newUser("streamer").path("access_token").asString();
		HttpResponse<String> stream = api.http()
			.send("POST", "/api/v1/chat", BodyPublishers.ofString("{\"message\": \"hello there\"}"), "Authorization",
					"Bearer " + token, "Content-Type", "application/json", "Accept", "text/event-stream");
		assertThat(stream.statusCode()).isEqualTo(200);
		assertThat(stream.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
		assertThat(stream.body()).contains("event:token").contains("event:done").contains("\"provider\":\"offline\"");
		assertThat(stream.body().indexOf("event:token")).isLessThan(stream.body().indexOf("event:done"));
	}

	@Test
	void oversizedEmptyOrForeignInputIsRefusedBeforeAnyReply() {
		Api api = new Api(this.port);
		String token = api.newUser("bounds").path("access_token").asString();
		JsonNode tooLong = assertProblem(api.post("/api/v1/chat", token, "{\"message\": \"" + "x".repeat(8001) + "\"}"),
				400, "VALIDATION_ERROR");
		assertThat(tooLong.path("errors").get(0).path("message").asString()).contains("8000");
		assertProblem(api.post("/api/v1/chat", token, "{\"message\": \"  \"}"), 400, "VALIDATION_ERROR");
		String session = Http.json(api.post("/api/v1/sessions", token, "{}")).path("session_id").asString();
		String intruder = api.newUser("intruder").path("access_token").asString();
		assertProblem(api.post("/api/v1/chat", intruder, "{\"message\": \"hi\", \"session_id\": \"" + session + "\"}"),
				404, "NOT_FOUND");
	}

	@Test
	void spentBudgetThen429UntilMidnight() {
		Api api = new Api(this.port);
		String token = api.newUser("spender").path("access_token").asString();
		HttpResponse<String> response = null;
		for (int i = 0; i < 20; i++) {
			response = api.post("/api/v1/chat", token,
					"{\"message\": \"" + "word ".repeat(40) + "\", \"cache\": false}");
			if (response.statusCode() != 200) {
				break;
			}
		}
		JsonNode problem = assertProblem(response, 429, "RATE_LIMIT_EXCEEDED");
		assertThat(problem.path("detail").asString()).contains("budget");
		assertThat(response.headers().firstValue("Retry-After")).isPresent();
	}

	@Test
	void anonymousChatIsRefusedByDefault() {
		Api api = new Api(this.port);
		assertProblem(api.http().postJson("/api/v1/chat", "{\"message\": \"hi\"}"), 401, "AUTHENTICATION_REQUIRED");
		assertProblem(api.http().postJson("/api/v1/sessions", "{}"), 401, "AUTHENTICATION_REQUIRED");
	}

	@Test
	void withoutHistoryNothingIsStoredOrListed() {
		Api api = new Api(this.port);
		String token = api.newUser("nohistory").path("access_token").asString();
		String session = Http.json(api.post("/api/v1/sessions", token, "{}")).path("session_id").asString();
		api.post("/api/v1/chat", token, "{\"message\": \"hello\", \"session_id\": \"" + session + "\"}");
		assertProblem(api.get("/api/v1/sessions", token), 404, "NOT_FOUND");
		assertProblem(api.get("/api/v1/sessions/" + session + "/messages", token), 404, "NOT_FOUND");
		assertThat(Http.json(api.get("/api/v1/users/me/export", token)).path("chat").path("conversations")).isEmpty();
	}

	@Test
	void voiceWithoutASpeechProviderIs503SayingSo() {
		Api api = new Api(this.port);
		String token = api.newUser("mute").path("access_token").asString();
		HttpResponse<String> response = api.http()
			.send("POST", "/api/v1/voice", BodyPublishers.ofString("--b\r\n"), "Authorization", "Bearer " + token,
					"Content-Type", "multipart/form-data; boundary=b");
		JsonNode problem = assertProblem(response, 503, "SERVICE_UNAVAILABLE");
		assertThat(problem.path("detail").asString()).contains("speech-to-text provider");
	}

}
