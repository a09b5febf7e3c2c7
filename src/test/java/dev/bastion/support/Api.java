package dev.bastion.support;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bastion's JSON API as a test client sees it: register, log in, and call with a token.
 */
public final class Api {

	public static final String PASSWORD = "violet-anchor-tundra-71";

	private final Http http;

	public Api(int port) {
		this.http = Http.local(port);
	}

	public Http http() {
		return this.http;
	}

	/** A fresh username, so tests never share lockout counters or accounts. */
	public static String uniqueName(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	public JsonNode register(String username) {
		HttpResponse<String> response = this.http.postJson("/api/v1/auth/register", "{\"username\": \"" + username
				+ "\", \"email\": \"" + username + "@example.org\", \"password\": \"" + PASSWORD + "\"}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return Http.json(response);
	}

	public HttpResponse<String> login(String username, String password, String... extraJson) {
		StringBuilder body = new StringBuilder(
				"{\"username\": \"" + username + "\", \"password\": \"" + password + "\"");
		for (int i = 0; i < extraJson.length; i += 2) {
			body.append(", \"").append(extraJson[i]).append("\": \"").append(extraJson[i + 1]).append('"');
		}
		return this.http.postJson("/api/v1/auth/login", body.append('}').toString());
	}

	/**
	 * Registers a fresh user and returns its name, for a test that logs it in some other
	 * way (a browser): one password hash fewer than {@link #newUser}.
	 */
	public String newUsername(String prefix) {
		String username = uniqueName(prefix);
		register(username);
		return username;
	}

	/** Registers and logs in; returns the token response. */
	public JsonNode newUser(String prefix) {
		String username = uniqueName(prefix);
		register(username);
		HttpResponse<String> response = login(username, PASSWORD);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return Http.json(response);
	}

	public HttpResponse<String> get(String path, String token) {
		return this.http.get(path, "Authorization", "Bearer " + token);
	}

	public HttpResponse<String> post(String path, String token, String json) {
		return this.http.send("POST", path, BodyPublishers.ofString(json), "Authorization", "Bearer " + token,
				"Content-Type", "application/json");
	}

	public HttpResponse<String> delete(String path, String token) {
		return this.http.send("DELETE", path, BodyPublishers.noBody(), "Authorization", "Bearer " + token);
	}

	public HttpResponse<String> deleteJson(String path, String token, String json) {
		return this.http.send("DELETE", path, BodyPublishers.ofString(json), "Authorization", "Bearer " + token,
				"Content-Type", "application/json");
	}

	public HttpResponse<String> put(String path, String token, String json) {
		return this.http.send("PUT", path, BodyPublishers.ofString(json), "Authorization", "Bearer " + token,
				"Content-Type", "application/json");
	}

	public HttpResponse<String> patch(String path, String token, String json) {
		return this.http.send("PATCH", path, BodyPublishers.ofString(json), "Authorization", "Bearer " + token,
				"Content-Type", "application/json");
	}

	/**
	 * Creates an API key named {@code name} as its owner does: with the account's
	 * password ({@link #PASSWORD}) as proof of presence.
	 */
	public String createApiKey(String token, String name) {
		return createApiKey(token, name, PASSWORD);
	}

	/** Creates an API key with {@code password} as proof of presence. */
	public String createApiKey(String token, String name, String password) {
		HttpResponse<String> response = post("/api/v1/users/me/api-keys", token,
				"{\"name\": \"" + name + "\", \"current_password\": \"" + password + "\"}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return Http.json(response).path("key").asString();
	}

	/**
	 * Sets up and confirms TOTP for the token's account, with the password
	 * ({@link #PASSWORD}) and a code of the step before: the current step is left for a
	 * login. Returns the secret.
	 */
	public String enableTotp(String token) {
		HttpResponse<String> setup = post("/api/v1/auth/totp/setup", token, "{\"password\": \"" + PASSWORD + "\"}");
		assertThat(setup.statusCode()).as(setup.body()).isEqualTo(200);
		String secret = Http.json(setup).path("secret").asString();
		HttpResponse<String> confirm = post("/api/v1/auth/totp/confirm", token,
				"{\"totp_code\": \"" + Totp.code(secret, -1) + "\"}");
		assertThat(confirm.statusCode()).as(confirm.body()).isEqualTo(200);
		return secret;
	}

	public HttpResponse<String> refresh(String refreshToken) {
		return this.http.postJson("/api/v1/auth/refresh", "{\"refresh_token\": \"" + refreshToken + "\"}");
	}

}
