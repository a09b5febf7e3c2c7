package dev.bastion.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local server speaking the OpenAI chat-completions wire format (streamed chunks with
 * usage), answering every request at once with the same text, and counting requests; it
 * lists one model, {@code stub-model}.
 */
public final class OpenAiStub implements AutoCloseable {

	private final HttpServer server;

	private final AtomicInteger calls = new AtomicInteger();

	private final AtomicInteger failures = new AtomicInteger();

	private final String answer;

	public OpenAiStub(String answer) throws IOException {
		this.answer = answer;
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/v1/chat/completions", this::complete);
		this.server.createContext("/v1/models", OpenAiStub::models);
		this.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		this.server.start();
	}

	/** The base URL to give as {@code OPENAI_BASE_URL}. */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1";
	}

	public int calls() {
		return this.calls.get();
	}

	/** Answers the next {@code count} requests with a 500 error body. */
	public void failNext(int count) {
		this.failures.set(count);
	}

	private void complete(HttpExchange exchange) throws IOException {
		try (InputStream body = exchange.getRequestBody()) {
			body.readAllBytes();
		}
		this.calls.incrementAndGet();
		if (this.failures.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
			byte[] error = "{\"error\": {\"message\": \"The server had an error\", \"type\": \"server_error\"}}"
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(500, error.length);
			exchange.getResponseBody().write(error);
			exchange.close();
			return;
		}
		exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
		exchange.sendResponseHeaders(200, 0);
		try (OutputStream out = exchange.getResponseBody()) {
			chunk(out,
					"{\"id\":\"s\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"stub-model\","
							+ "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + this.answer
							+ "\"},\"finish_reason\":null}]}");
			chunk(out,
					"{\"id\":\"s\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"stub-model\","
							+ "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
							+ "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":3,\"total_tokens\":8}}");
			out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
		}
	}

	private static void models(HttpExchange exchange) throws IOException {
		byte[] models = "{\"object\":\"list\",\"data\":[{\"id\":\"stub-model\",\"object\":\"model\",\"created\":1,\"owned_by\":\"stub\"}]}"
			.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, models.length);
		exchange.getResponseBody().write(models);
		exchange.close();
	}

	private static void chunk(OutputStream out, String json) throws IOException {
		out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
