package dev.bastion.web;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

import dev.bastion.account.AccountAdministration;
import dev.bastion.support.Api;
import dev.bastion.support.EdgeProbe;
import dev.bastion.support.Http;
import dev.bastion.support.RawHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Production mode behind a reverse proxy on 127.0.0.1: plain HTTP is redirected, HSTS is
 * sent over HTTPS, and the proxy's forwarded headers are believed.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "SECRET_KEY=4f1c9a7e2b8d6035c1e9f7a2b4d8c6e0a3f5b7d9",
				"TRUSTED_PROXIES=10.0.0.0/8, 127.0.0.1/32", "PUBLIC_URL=https://bastion.example.org" })
@ActiveProfiles("production")
@Import(EdgeProbe.class)
class ProductionEdgeIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	AccountAdministration administration;

	Http http() {
		return Http.local(this.port);
	}

	@Test
	void plainHttpGetThen301ToThePublicHostAndSamePathOverHttps() {
		HttpResponse<String> response = http().get("/api/v1/health?verbose=1");
		assertThat(response.statusCode()).isEqualTo(301);
		assertThat(response.headers().firstValue("Location"))
			.hasValue("https://bastion.example.org/api/v1/health?verbose=1");
		assertThat(response.body()).isEmpty();
		EdgeIntegrationTests.assertSecurityHeaders(response, EdgeIntegrationTests.JSON_CSP);
	}

	@Test
	void plainHttpPostThen308SoTheMethodIsKept() {
		HttpResponse<String> response = http().postJson("/probe/greetings", "{\"name\": \"ann\"}");
		assertThat(response.statusCode()).isEqualTo(308);
		assertThat(response.headers().firstValue("Location")).hasValue("https://bastion.example.org/probe/greetings");
	}

	/** An attacker's Host header must not turn Bastion into an open redirect. */
	@Test
	void aForgedHostHeaderIsNeverTheRedirectTarget() {
		String answer = RawHttp.exchange(this.port, "GET /reset-password?x=1 HTTP/1.1\r\nHost: evil.example");
		assertThat(RawHttp.status(answer)).isEqualTo(301);
		assertThat(RawHttp.header(answer, "Location")).hasValue("https://bastion.example.org/reset-password?x=1");
		String withPort = RawHttp.exchange(this.port,
				"POST /api/v1/auth/login HTTP/1.1\r\nHost: evil.example:8443" + "\r\nContent-Length: 0");
		assertThat(RawHttp.header(withPort, "Location")).hasValue("https://bastion.example.org/api/v1/auth/login");
	}

	@Test
	void httpsThroughTrustedProxyIsServedWithHsts() {
		HttpResponse<String> response = http().get("/api/v1/health", "X-Forwarded-Proto", "https");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Strict-Transport-Security"))
			.hasValue("max-age=31536000; includeSubDomains");
		EdgeIntegrationTests.assertSecurityHeaders(response, EdgeIntegrationTests.JSON_CSP);
	}

	@Test
	void clientAddressIsTheRightmostHopThatIsNotOurProxy() {
		JsonNode spoofed = Http
			.json(http().get("/probe/client", "X-Forwarded-Proto", "https", "X-Forwarded-For", "6.6.6.6, 203.0.113.7"));
		assertThat(spoofed.path("ip").asString()).isEqualTo("203.0.113.7");
		assertThat(spoofed.path("secure").asBoolean()).isTrue();
		JsonNode chained = Http.json(
				http().get("/probe/client", "X-Forwarded-Proto", "https", "X-Forwarded-For", "203.0.113.7, 10.1.2.3"));
		assertThat(chained.path("ip").asString()).isEqualTo("203.0.113.7");
	}

	@Test
	void unparsableForwardedForFallsBackToTheLastTrustedHop() {
		JsonNode client = Http.json(
				http().get("/probe/client", "X-Forwarded-Proto", "https", "X-Forwarded-For", "203.0.113.7, not-an-ip"));
		assertThat(client.path("ip").asString()).isEqualTo("127.0.0.1");
	}

	@Test
	void proxyOnANonStandardPortKeepsSameOriginRequestsWorking() {
		HttpResponse<String> response = http().get("/api/v1/health", "X-Forwarded-Proto", "https", "X-Forwarded-Port",
				"8443", "Origin", "https://localhost:8443");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

	@Test
	void probesAnswerOverPlainHttpForOrchestrators() {
		assertThat(http().get("/livez").statusCode()).isEqualTo(200);
		assertThat(http().get("/readyz").statusCode()).isEqualTo(200);
		assertThat(http().get("/livez/../api/v1/health").statusCode()).isNotEqualTo(200);
	}

	@Test
	void forwardedProtoOtherThanHttpsIsStillRedirected() {
		HttpResponse<String> response = http().send("GET", "/", BodyPublishers.noBody(), "X-Forwarded-Proto",
				"javascript");
		assertThat(response.statusCode()).isEqualTo(301);
	}

	@Test
	void webLoginOverHttpsSetsHostPrefixedSecureHttpOnlyCookies() {
		String username = Api.uniqueName("prodweb");
		HttpResponse<String> registered = http().postJson("/api/v1/auth/register", "{\"username\": \"" + username
				+ "\", \"email\": \"" + username + "@example.org\", \"password\": \"" + Api.PASSWORD + "\"}",
				"X-Forwarded-Proto", "https");
		assertThat(registered.statusCode()).isEqualTo(201);
		// Production lets nobody in until an administrator approves
		// (REGISTRATION=approval).
		assertThat(Http.json(registered).path("pending").asBoolean()).isTrue();
		this.administration.approve(java.util.UUID.fromString(Http.json(registered).path("id").asString()));
		String csrf = http().get("/", "X-Forwarded-Proto", "https")
			.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((cookie) -> cookie.startsWith("__Host-XSRF-TOKEN="))
			.findFirst()
			.orElseThrow();
		assertThat(csrf).contains("; Path=/").contains("; Secure").doesNotContain("Domain");
		String token = csrf.substring("__Host-XSRF-TOKEN=".length(), csrf.indexOf(';'));
		HttpResponse<String> login = http().send("POST", "/web/session",
				BodyPublishers.ofString("{\"username\": \"" + username + "\", \"password\": \"" + Api.PASSWORD + "\"}"),
				"X-Forwarded-Proto", "https", "Content-Type", "application/json", "Cookie",
				"__Host-XSRF-TOKEN=" + token, "X-XSRF-TOKEN", token);
		assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
		assertThat(login.headers().allValues("Set-Cookie"))
			.anySatisfy((cookie) -> assertThat(cookie)
				.matches("__Host-bastion-session=[0-9A-F]{32}; Path=/; Secure; HttpOnly; SameSite=Lax"))
			.anySatisfy((cookie) -> assertThat(cookie).startsWith("__Host-bastion-device=")
				.contains("; Path=/;")
				.contains("; Secure;")
				.contains("; HttpOnly;")
				.endsWith("; SameSite=Strict"))
			.noneSatisfy((cookie) -> assertThat(cookie).startsWith("bastion-"));
		HttpResponse<String> planted = http().send("POST", "/web/session",
				BodyPublishers.ofString("{\"username\": \"" + username + "\", \"password\": \"" + Api.PASSWORD + "\"}"),
				"X-Forwarded-Proto", "https", "Content-Type", "application/json", "Cookie", "XSRF-TOKEN=" + token,
				"X-XSRF-TOKEN", token);
		assertThat(planted.statusCode()).as("a token in a cookie without the prefix is not taken").isEqualTo(403);
	}

}
