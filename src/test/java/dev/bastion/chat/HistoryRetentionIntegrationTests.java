package dev.bastion.chat;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.bastion.support.Api;
import dev.bastion.support.Http;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code CHAT_HISTORY_RETENTION=1d}: the background purge deletes every stored
 * conversation whose last message is older than a day, with its messages, many more than
 * one batch of them, and keeps the others.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "CHAT_HISTORY=encrypted", "CHAT_HISTORY_KEY=history-key-for-tests-0123456789abcdef",
				"CHAT_HISTORY_RETENTION=1d", "bastion.chat.history.purge-interval=1s" })
class HistoryRetentionIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void conversationsWhoseLastMessageIsOlderThanTheRetentionAreDeleted() {
		Api api = new Api(this.port);
		JsonNode login = api.newUser("keeper");
		String token = login.path("access_token").asString();
		UUID account = UUID.fromString(login.path("user").path("id").asString());
		UUID old = chat(api, token, "from two days ago");
		UUID recent = chat(api, token, "from yesterday evening");
		UUID today = chat(api, token, "from today");
		Instant now = Instant.now();
		age(old, now.minus(Duration.ofDays(2)));
		age(recent, now.minus(Duration.ofHours(23)));
		int many = 2 * HistoryRetention.BATCH + 100;
		List<Object[]> rows = new ArrayList<>();
		for (int i = 0; i < many; i++) {
			rows.add(new Object[] { UUID.randomUUID(), account, Timestamp.from(now.minus(Duration.ofDays(30 + i))) });
		}
		for (Object[] row : rows) {
			this.jdbc
				.sql("insert into chat_sessions (id, account_id, title, created_at, updated_at) "
						+ "values (?, ?, 'sealed', ?, ?)")
				.params(row[0], row[1], row[2], row[2])
				.update();
			this.jdbc
				.sql("insert into chat_messages (session_id, role, content, created_at) values (?, 'user', 'x', ?)")
				.params(row[0], row[2])
				.update();
		}

		await("the purge removing " + (many + 1) + " conversations").atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> sessions(account) == 2);
		assertThat(this.jdbc
			.sql("select count(*) from chat_messages m join chat_sessions s on s.id = m.session_id "
					+ "where s.account_id = ?")
			.param(account)
			.query(Long.class)
			.single()).as("their messages with them").isEqualTo(4);
		assertThat(this.jdbc.sql("select count(*) from chat_messages where session_id = ?")
			.param(old)
			.query(Long.class)
			.single()).isZero();
		HttpResponse<String> list = api.get("/api/v1/sessions", token);
		List<String> listed = new ArrayList<>();
		Http.json(list).path("sessions").forEach((session) -> listed.add(session.path("session_id").asString()));
		assertThat(listed).containsExactlyInAnyOrder(recent.toString(), today.toString());
		assertProblem(api.get("/api/v1/sessions/" + old + "/messages", token), 404, "NOT_FOUND");
	}

	private long sessions(UUID account) {
		return this.jdbc.sql("select count(*) from chat_sessions where account_id = ?")
			.param(account)
			.query(Long.class)
			.single();
	}

	private void age(UUID session, Instant updated) {
		this.jdbc.sql("update chat_sessions set updated_at = ? where id = ?")
			.params(Timestamp.from(updated), session)
			.update();
	}

	private static UUID chat(Api api, String token, String message) {
		HttpResponse<String> response = api.post("/api/v1/chat", token, "{\"message\": \"" + message + "\"}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return UUID.fromString(Http.json(response).path("session_id").asString());
	}

}
