package dev.bastion.auth.session;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rows that every login and refresh adds are deleted once they can no longer be used: a
 * login a day after it expired (with its refresh tokens); live ones stay and keep
 * working. Reset links: {@code PasswordResetIntegrationTests}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class LoginRowsPurgeIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Sessions sessions;

	@Test
	void loginsAreDeletedADayAfterTheyExpired() {
		Api api = new Api(this.port);
		JsonNode first = api.newUser("purged");
		String name = first.path("user").path("username").asString();
		UUID account = UUID.fromString(first.path("user").path("id").asString());
		HttpResponse<String> second = api.login(name, Api.PASSWORD);
		String live = Http.json(second).path("refresh_token").asString();
		Instant now = Instant.now();
		UUID expired = this.jdbc.sql("select id from token_families where account_id = ? order by created_at limit 1")
			.param(account)
			.query(UUID.class)
			.single();
		this.jdbc.sql("update token_families set expires_at = ? where id = ?")
			.params(Timestamp.from(now.minus(Duration.ofHours(25))), expired)
			.update();

		this.sessions.purgeExpired();

		assertThat(this.jdbc.sql("select id from token_families where account_id = ?")
			.param(account)
			.query(UUID.class)
			.list()).hasSize(1).doesNotContain(expired);
		assertThat(this.jdbc.sql("select count(*) from refresh_tokens where family_id = ?")
			.param(expired)
			.query(Long.class)
			.single()).isZero();
		assertThat(api.refresh(live).statusCode()).as("the live login").isEqualTo(200);
	}

}
