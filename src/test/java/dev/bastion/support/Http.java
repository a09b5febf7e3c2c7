package dev.bastion.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

import javax.net.ssl.SSLContext;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client for the full-server tests: no redirects followed, no cookies kept,
 * every header exactly as given.
 */
public final class Http {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client;

	private final String base;

	public Http(String base) {
		this(base, HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER));
	}

	public Http(String base, SSLContext tls) {
		this(base, HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).sslContext(tls));
	}

	private Http(String base, HttpClient.Builder builder) {
		this.base = base;
		this.client = builder.connectTimeout(Duration.ofSeconds(5)).build();
	}

	public static Http local(int port) {
		return new Http("http://localhost:" + port);
	}

	public HttpResponse<String> get(String path, String... headers) {
		return send("GET", path, BodyPublishers.noBody(), headers);
	}

	public HttpResponse<String> postJson(String path, String json, String... headers) {
		return send("POST", path, BodyPublishers.ofString(json), concat(headers, "Content-Type", "application/json"));
	}

	public HttpResponse<String> send(String method, String path, BodyPublisher body, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(30))
			.method(method, body);
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		try {
			return this.client.send(request.build(), BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

	public static JsonNode json(String body) {
		return JSON.readTree(body);
	}

	private static String[] concat(String[] headers, String... more) {
		String[] all = new String[headers.length + more.length];
		System.arraycopy(headers, 0, all, 0, headers.length);
		System.arraycopy(more, 0, all, headers.length, more.length);
		return all;
	}

}
