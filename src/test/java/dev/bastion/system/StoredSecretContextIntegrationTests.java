package dev.bastion.system;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.bastion.crypto.MasterSecret;
import dev.bastion.crypto.Secrets;
import dev.bastion.support.Api;
import dev.bastion.support.Http;
import dev.bastion.support.Launcher;
import dev.bastion.support.TestPostgres;
import dev.bastion.support.OlderCiphertexts;
import dev.bastion.support.Totp;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stored ciphertexts are bound to their column and owner, attacked by someone with write
 * access to a real PostgreSQL but without the keys: a TOTP secret copied to another
 * account matches no code there, a history message copied into another account's
 * conversation (or a conversation handed to another account) is never shown, and both are
 * reported as tampering. Values written before the binding are upgraded once by migration
 * V8, and their format is refused afterwards.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StoredSecretContextIntegrationTests {

	static final String SECRET_KEY = "8d3f6a1c9e2b7d4058a1c3e5f7092b4d6e8a0c2f";

	static final String HISTORY_KEY = "history-key-for-tests-0123456789abcdef";

	static final String PRIVATE_TEXT = "the vault code is 7391";

	static String databaseUrl;

	static ConfigurableApplicationContext bastion;

	static Api api;

	@BeforeAll
	static void start() {
		databaseUrl = TestPostgres.freshDatabaseUrl();
		launch();
	}

	@AfterAll
	static void stop() {
		bastion.close();
	}

	static void launch() {
		// Out of order: the test takes V8 back out of the history after later versions
		// ran.
		bastion = Launcher.start(Map.of("DATABASE_URL", databaseUrl, "SECRET_KEY", SECRET_KEY, "CHAT_HISTORY",
				"encrypted", "CHAT_HISTORY_KEY", HISTORY_KEY, "SPRING_FLYWAY_OUT_OF_ORDER", "true"));
		api = new Api(Launcher.port(bastion));
	}

	static JdbcClient jdbc() {
		return bastion.getBean(JdbcClient.class);
	}

	@Test
	@Order(1)
	void aTotpSecretCopiedToAnotherAccountMatchesNoCodeThere() {
		User alice = User.create("alice");
		String aliceSecret = alice.enableTotp();
		User bob = User.create("bob");
		String bobSecret = bob.enableTotp();
		String bobRecovery = bob.recoveryCodes.get(0);

		jdbc().sql("update accounts set totp_secret = (select totp_secret from accounts where id = ?) where id = ?")
			.params(alice.id, bob.id)
			.update();

		assertProblem(api.login(bob.name, Api.PASSWORD, "totp_code", Totp.code(aliceSecret, 0)), 401,
				"INVALID_CREDENTIALS");
		assertProblem(api.login(bob.name, Api.PASSWORD, "totp_code", Totp.code(bobSecret, 0)), 401,
				"INVALID_CREDENTIALS");
		assertThat(api.login(bob.name, Api.PASSWORD, "totp_code", bobRecovery).statusCode())
			.as("the owner still gets in with a recovery code")
			.isEqualTo(200);
		assertThat(api.login(alice.name, Api.PASSWORD, "totp_code", Totp.code(aliceSecret, 0)).statusCode())
			.isEqualTo(200);
		assertThat(tamperingReported(bob.id, "accounts.totp_secret")).isTrue();
	}

	@Test
	@Order(2)
	void aHistoryMessageCopiedIntoAnotherAccountsConversationIsNeverShown() {
		User alice = User.create("alice");
		UUID aliceSession = alice.chat(PRIVATE_TEXT);
		User bob = User.create("bob");
		UUID bobSession = bob.chat("hello from bob");

		jdbc()
			.sql("insert into chat_messages (session_id, role, content, created_at) "
					+ "select ?, role, content, created_at from chat_messages where session_id = ?")
			.params(bobSession, aliceSession)
			.update();

		HttpResponse<String> read = api.get("/api/v1/sessions/" + bobSession + "/messages", bob.token);
		assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
		assertThat(read.body()).doesNotContain("vault");
		JsonNode transcript = Http.json(read);
		assertThat(transcript.path("messages")).hasSize(2);
		assertThat(transcript.path("messages").get(0).path("content").asString()).isEqualTo("hello from bob");
		assertThat(transcript.path("unreadable").asInt()).isEqualTo(2);
		assertThat(tamperingReported(bob.id, "chat_messages.content")).isTrue();
		HttpResponse<String> export = api.get("/api/v1/users/me/export", bob.token);
		assertThat(export.statusCode()).isEqualTo(200);
		assertThat(export.body()).doesNotContain("vault");
	}

	@Test
	@Order(3)
	void aConversationHandedToAnotherAccountShowsItNothing() {
		User alice = User.create("alice");
		UUID aliceSession = alice.chat(PRIVATE_TEXT);
		User bob = User.create("bob");

		jdbc().sql("update chat_sessions set account_id = ? where id = ?").params(bob.id, aliceSession).update();

		HttpResponse<String> list = api.get("/api/v1/sessions", bob.token);
		assertThat(list.statusCode()).isEqualTo(200);
		assertThat(list.body()).doesNotContain("vault");
		assertThat(Http.json(list).path("sessions").get(0).path("title").isNull()).isTrue();
		HttpResponse<String> read = api.get("/api/v1/sessions/" + aliceSession + "/messages", bob.token);
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(read.body()).doesNotContain("vault");
		assertThat(Http.json(read).path("messages")).isEmpty();
		HttpResponse<String> chat = api.post("/api/v1/chat", bob.token,
				"{\"message\": \"what did I say?\", \"session_id\": \"" + aliceSession + "\"}");
		assertThat(chat.statusCode()).as("the sealed messages never reach the model").isEqualTo(200);
		assertThat(tamperingReported(bob.id, "chat_sessions.title")).isTrue();
	}

	@Test
	@Order(4)
	void valuesStoredBeforeTheBindingAreUpgradedOnceThenTheOlderFormatIsRefused() {
		User carol = User.create("carol");
		String totp = carol.enableTotp();
		UUID session = carol.chat("first words");
		var storedSecrets = OlderCiphertexts.storedSecretsKey(bastion.getBean(MasterSecret.class).bytes());
		Secrets secrets = bastion.getBean(Secrets.class);
		jdbc().sql("update accounts set totp_secret = ? where id = ?")
			.params(OlderCiphertexts.storedSecret(storedSecrets, totp), carol.id)
			.update();
		jdbc().sql("insert into chat_messages (session_id, role, content, created_at) values (?, 'user', ?, now())")
			.params(session, OlderCiphertexts.history(HISTORY_KEY, session, "user", "written before the upgrade"))
			.update();
		for (Map<String, Object> key : jdbc().sql("select kid, private_key_encrypted from signing_keys")
			.query()
			.listOfRows()) {
			String kid = (String) key.get("kid");
			String privateKey = secrets.decrypt((String) key.get("private_key_encrypted"),
					"signing_keys.private_key_encrypted/" + kid);
			jdbc().sql("update signing_keys set private_key_encrypted = ? where kid = ?")
				.params(OlderCiphertexts.storedSecret(storedSecrets, privateKey), kid)
				.update();
		}
		jdbc().sql("delete from flyway_schema_history where version = '8'").update();

		bastion.close();
		launch();

		assertThat(api.get("/api/v1/users/me", carol.token).statusCode()).as("signed before, verified after")
			.isEqualTo(200);
		assertThat(api.login(carol.name, Api.PASSWORD, "totp_code", Totp.code(totp, 0)).statusCode()).isEqualTo(200);
		JsonNode transcript = Http.json(api.get("/api/v1/sessions/" + session + "/messages", carol.token));
		assertThat(transcript.path("unreadable").asInt()).isZero();
		assertThat(transcript.path("messages").get(2).path("content").asString())
			.isEqualTo("written before the upgrade");
		assertThat(jdbc().sql("select totp_secret from accounts where id = ?")
			.param(carol.id)
			.query(String.class)
			.single()).startsWith("v2:");
		assertThat(jdbc().sql("select private_key_encrypted from signing_keys").query(String.class).list())
			.allMatch((value) -> value.startsWith("v2:"));

		jdbc().sql("update accounts set totp_secret = ? where id = ?")
			.params(OlderCiphertexts.storedSecret(storedSecrets, totp), carol.id)
			.update();
		assertProblem(api.login(carol.name, Api.PASSWORD, "totp_code", Totp.code(totp, 1)), 401, "INVALID_CREDENTIALS");
	}

	static boolean tamperingReported(UUID accountId, String column) {
		return jdbc()
			.sql("select count(*) from audit_events where type = 'STORED_DATA_TAMPERED' and user_id = ? "
					+ "and details like ?")
			.params(accountId, "%" + column + "%")
			.query(Long.class)
			.single() > 0;
	}

	/** A registered, logged-in user. */
	static final class User {

		final String name;

		final String token;

		final UUID id;

		List<String> recoveryCodes = List.of();

		private User(String name, String token, UUID id) {
			this.name = name;
			this.token = token;
			this.id = id;
		}

		static User create(String prefix) {
			JsonNode login = api.newUser(prefix);
			return new User(login.path("user").path("username").asString(), login.path("access_token").asString(),
					UUID.fromString(login.path("user").path("id").asString()));
		}

		/** Sets up and confirms TOTP; returns the secret. */
		String enableTotp() {
			HttpResponse<String> setup = api.post("/api/v1/auth/totp/setup", this.token,
					"{\"password\": \"" + Api.PASSWORD + "\"}");
			assertThat(setup.statusCode()).as(setup.body()).isEqualTo(200);
			String secret = Http.json(setup).path("secret").asString();
			HttpResponse<String> confirm = api.post("/api/v1/auth/totp/confirm", this.token,
					"{\"totp_code\": \"" + Totp.code(secret, -1) + "\"}");
			assertThat(confirm.statusCode()).as(confirm.body()).isEqualTo(200);
			List<String> codes = new java.util.ArrayList<>();
			Http.json(confirm).path("recovery_codes").forEach((code) -> codes.add(code.asString()));
			this.recoveryCodes = codes;
			return secret;
		}

		/** A new conversation with one message (and the offline provider's reply). */
		UUID chat(String message) {
			HttpResponse<String> response = api.post("/api/v1/chat", this.token, "{\"message\": \"" + message + "\"}");
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			return UUID.fromString(Http.json(response).path("session_id").asString());
		}

	}

}
