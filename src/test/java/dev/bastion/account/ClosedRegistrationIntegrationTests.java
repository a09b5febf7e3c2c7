package dev.bastion.account;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.bastion.support.Api;
import dev.bastion.support.Http;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code REGISTRATION=closed}: every sign-up is refused with {@code 403
 * REGISTRATION_CLOSED}, before its fields are even read, except with an invite link an
 * administrator made, which lets its person in, active at once.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "REGISTRATION=Closed")
class ClosedRegistrationIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	AccountManagement accounts;

	@Autowired
	JdbcClient jdbc;

	AdminInviteLinks invites() {
		Api api = new Api(this.port);
		String name = Api.uniqueName("closer");
		this.accounts.createAdmin(name, name + "@example.org", Api.PASSWORD);
		return new AdminInviteLinks(api, this.jdbc,
				Http.json(api.login(name, Api.PASSWORD)).path("access_token").asString());
	}

	@Test
	void anAdminsInviteLinkLetsItsPersonInOnceActiveAtOnce() {
		invites().invitedPersonRegistersOnceActiveAtOnce();
	}

	@Test
	void onlyAnAdministratorCreatesAUserByInviteLinkAndItIsAudited() {
		invites().onlyAnAdministratorInvitesAndItIsAudited();
	}

	@Test
	void everySignUpIsRefused() {
		Http http = Http.local(this.port);
		String username = Api.uniqueName("shut");
		assertProblem(
				http.postJson("/api/v1/auth/register",
						"{\"username\": \"" + username + "\", \"email\": \"" + username
								+ "@example.org\", \"password\": \"" + Api.PASSWORD + "\"}"),
				403, "REGISTRATION_CLOSED");
		assertProblem(http.postJson("/api/v1/auth/register", "{}"), 403, "REGISTRATION_CLOSED");
		assertThat(Http.json(http.get("/api/v1/auth/registration")).path("mode").asString()).isEqualTo("closed");
		assertProblem(new Api(this.port).login(username, Api.PASSWORD), 401, "INVALID_CREDENTIALS");
	}

}
