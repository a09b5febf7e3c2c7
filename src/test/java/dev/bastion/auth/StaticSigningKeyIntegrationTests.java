package dev.bastion.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.bastion.account.AccountManagement;
import dev.bastion.support.Api;
import dev.bastion.support.Http;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code JWT_SECRET_KEY}, tokens are HS256 under that key; ES256 tokens and rotation
 * from inside are refused.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "JWT_SECRET_KEY=7d2f9b4c1e8a6035f2c9e7a1b4d8c6e0a3f5b7d9c2e4")
class StaticSigningKeyIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	AccountManagement accounts;

	@Test
	void tokensAreHs256UnderTheConfiguredKeyAndRotationIsRefused() throws Exception {
		Api api = new Api(this.port);
		JsonNode session = api.newUser("hmac");
		String token = session.path("access_token").asString();
		assertThat(SignedJWT.parse(token).getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
		assertThat(api.get("/api/v1/users/me", token).statusCode()).isEqualTo(200);
		String[] parts = token.split("\\.");
		assertProblem(api.get("/api/v1/users/me", parts[0] + "." + parts[1] + ".AAAA" + parts[2].substring(4)), 401,
				"INVALID_TOKEN");
		String admin = Api.uniqueName("ops");
		this.accounts.createAdmin(admin, admin + "@example.org", Api.PASSWORD);
		String adminToken = Http.json(api.login(admin, Api.PASSWORD)).path("access_token").asString();
		assertProblem(api.post("/api/v1/admin/signing-keys/rotate", adminToken, "{}"), 409, "CONFLICT");
		assertProblem(api.post("/api/v1/admin/signing-keys/rotate", adminToken, "{\"compromised\": true}"), 409,
				"CONFLICT");
		assertThat(api.get("/api/v1/users/me", token).statusCode()).isEqualTo(200);
	}

}
