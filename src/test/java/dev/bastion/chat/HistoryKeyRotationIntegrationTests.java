package dev.bastion.chat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.bastion.support.AdminCli;
import dev.bastion.support.Api;
import dev.bastion.support.Http;
import dev.bastion.support.Launcher;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code admin rotate-history-key} beside a running service on the embedded H2 database
 * (which holds the file, so the command asks it over its admin socket), while users keep
 * chatting: the service has the new {@code CHAT_HISTORY_KEY} with the old one among
 * {@code CHAT_HISTORY_PREVIOUS_KEYS}; afterwards every stored message and title, those
 * written during the rotation and one from before values named their key included, is
 * under the new key, and a service with the new key alone reads all of it. A value no
 * configured key opens is reported, and the command says the rotation is not done.
 */
class HistoryKeyRotationIntegrationTests {

	static final String SECRET_KEY = "3e9b1d7f5a2c8046b3e9d1f7a5c2e8b0d6f4a1c9";

	static final String OLD_KEY = "old-history-key-0123456789abcdef-0123";

	static final String NEW_KEY = "new-history-key-fedcba9876543210-9876";

	@TempDir
	Path data;

	@Test
	void rotationReEncryptsEverythingWhileTheServiceRunsAndChats() throws Exception {
		List<Conversation> conversations = new ArrayList<>();
		try (ConfigurableApplicationContext before = Launcher.start(server(OLD_KEY, ""))) {
			Api api = new Api(Launcher.port(before));
			for (int i = 0; i < 3; i++) {
				conversations.add(Conversation.start(api, "before the rotation " + i));
			}
			plantUnnamedValue(before.getBean(JdbcClient.class), conversations.get(0));
		}

		AtomicInteger chatted = new AtomicInteger();
		try (ConfigurableApplicationContext rotating = Launcher.start(server(NEW_KEY, OLD_KEY))) {
			Api api = new Api(Launcher.port(rotating));
			assertThat(conversations.get(1).read(api)).as("old history, read with the previous key")
				.contains("before the rotation 1");
			AtomicBoolean chatting = new AtomicBoolean(true);
			List<Conversation> during = new ArrayList<>();
			Thread users = Thread.ofVirtual().start(() -> {
				while (chatting.get()) {
					Conversation next = Conversation.start(api, "during the rotation " + chatted.get());
					during.add(next);
					conversations.getFirst().say(api, "more during the rotation " + chatted.incrementAndGet());
				}
			});
			AdminCli.Result rotated = AdminCli.run(cli(NEW_KEY), "rotate-history-key");
			chatting.set(false);
			users.join();
			assertThat(rotated.status()).as(rotated.toString()).isZero();
			assertThat(rotated.out()).contains("The running service re-encrypts the history it holds")
				.contains("Stored history re-encrypted to key id " + HistoryKeys.idOf(NEW_KEY))
				.contains("Nothing remains under a previous key");
			assertThat(chatted.get()).as("messages written during the rotation").isPositive();
			conversations.addAll(during);
			JdbcClient jdbc = rotating.getBean(JdbcClient.class);
			String current = "v3:" + HistoryKeys.idOf(NEW_KEY) + ":%";
			assertThat(jdbc.sql("select count(*) from chat_messages where content not like ?")
				.param(current)
				.query(Long.class)
				.single()).isZero();
			assertThat(jdbc.sql("select count(*) from chat_sessions where title not like ?")
				.param(current)
				.query(Long.class)
				.single()).isZero();
			assertThat(auditedRotation(jdbc)).isTrue();
		}

		try (ConfigurableApplicationContext after = Launcher.start(server(NEW_KEY, ""))) {
			Api api = new Api(Launcher.port(after));
			for (Conversation conversation : conversations) {
				JsonNode transcript = conversation.transcript(api);
				assertThat(transcript.path("unreadable").asInt()).as(conversation.id.toString()).isZero();
			}
			assertThat(conversations.getFirst().read(api)).contains("written before 0.2.0")
				.contains("more during the rotation 1");

			UUID stray = Conversation.start(api, "under a key nobody has").id;
			after.getBean(JdbcClient.class)
				.sql("update chat_messages set content = ? where session_id = ? and role = 'user'")
				.params(new HistoryCipher("a-key-that-is-configured-nowhere-0123")
					.encrypt(conversations.getFirst().account, stray, "user", "lost"), stray)
				.update();
		}
		AdminCli.Result direct = AdminCli.run(cli(NEW_KEY), "rotate-history-key");
		assertThat(direct.status()).as("with the service stopped, on the database itself: %s", direct).isEqualTo(1);
		assertThat(direct.out()).doesNotContain("running service")
			.contains("1 value(s) are not under CHAT_HISTORY_KEY: 1 that no configured key opens");

		// A short key (a typo, a placeholder) would put all the history under it.
		AdminCli.Result shortKey = AdminCli.run(cli("too-short-a-key"), "rotate-history-key");
		assertThat(shortKey.status()).as(shortKey.toString()).isNotZero();
		assertThat(shortKey.out() + shortKey.err()).contains("must be at least 32 characters")
			.contains("nothing was re-encrypted");
	}

	/**
	 * A message as versions before 0.2.0 stored it: bound to its owner, naming no key.
	 */
	private static void plantUnnamedValue(JdbcClient jdbc, Conversation conversation) {
		String named = new HistoryCipher(OLD_KEY).encrypt(conversation.account, conversation.id, "user",
				"written before 0.2.0");
		jdbc.sql("insert into chat_messages (session_id, role, content, created_at) values (?, 'user', ?, now())")
			.params(conversation.id, "v2:" + named.substring(named.indexOf(':', 3) + 1))
			.update();
	}

	private static boolean auditedRotation(JdbcClient jdbc) {
		return jdbc
			.sql("select count(*) from audit_events where type = 'ADMIN_ACTION' and details like ? and details like ?")
			.params("%rotate-history-key%", "%" + HistoryKeys.idOf(NEW_KEY) + "%")
			.query(Long.class)
			.single() == 1;
	}

	private String h2() {
		return "jdbc:h2:file:" + this.data.resolve("bastion")
				+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";
	}

	private Map<String, String> cli(String key) {
		return Map.of("DATA_DIR", this.data.toString(), "DATABASE_URL", h2(), "SECRET_KEY", SECRET_KEY,
				"CHAT_HISTORY_KEY", key, "CHAT_HISTORY_PREVIOUS_KEYS", OLD_KEY, "AUDIT_ANCHOR_FILE",
				this.data.resolve("audit-anchor").toString());
	}

	private Map<String, String> server(String key, String previous) {
		Map<String, String> server = new HashMap<>(cli(key));
		server.put("CHAT_HISTORY", "encrypted");
		server.put("CHAT_HISTORY_PREVIOUS_KEYS", previous);
		return server;
	}

	/** A user's conversation. */
	record Conversation(UUID account, String token, UUID id) {

		static Conversation start(Api api, String message) {
			JsonNode login = api.newUser("rotor");
			String token = login.path("access_token").asString();
			HttpResponse<String> chat = api.post("/api/v1/chat", token, "{\"message\": \"" + message + "\"}");
			assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
			return new Conversation(UUID.fromString(login.path("user").path("id").asString()), token,
					UUID.fromString(Http.json(chat).path("session_id").asString()));
		}

		void say(Api api, String message) {
			HttpResponse<String> chat = api.post("/api/v1/chat", this.token,
					"{\"message\": \"" + message + "\", \"session_id\": \"" + this.id + "\"}");
			assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
		}

		JsonNode transcript(Api api) {
			HttpResponse<String> read = api.get("/api/v1/sessions/" + this.id + "/messages", this.token);
			assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
			return Http.json(read);
		}

		String read(Api api) {
			return transcript(api).path("messages").toString();
		}

	}

}
