package dev.bastion.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local server speaking the OpenAI chat-completions wire format: streamed chunks (the
 * answer word by word) with usage (or without it, if told), or an error body, or a slow
 * stream that notices its reader leaving; it counts requests, keeps the last one, and
 * lists one model, {@code stub-model}, unless given the models it offers: then it lists
 * those and names in its answer the model asked for, as a real server does. It can also
 * wait before every answer (a slow server). Like OpenAI, it can refuse a request whose
 * prompt is too long for its context with {@code 400 context_length_exceeded}, and answer
 * with any error status.
 */
public final class OpenAiStub implements AutoCloseable {

	private static final Pattern MODEL = Pattern.compile("\"model\"\\s*:\\s*\"([^\"]+)\"");

	private final HttpServer server;

	private final AtomicInteger calls = new AtomicInteger();

	private final AtomicInteger failures = new AtomicInteger();

	private final AtomicBoolean slow = new AtomicBoolean();

	private final AtomicInteger longestPrompt = new AtomicInteger(Integer.MAX_VALUE);

	private final AtomicInteger errorStatus = new AtomicInteger(500);

	private final AtomicInteger slowChunksSent = new AtomicInteger();

	private final CountDownLatch slowStreamBroken = new CountDownLatch(1);

	private final AtomicReference<Request> lastRequest = new AtomicReference<>(new Request("", ""));

	private final AtomicLong delayMillis = new AtomicLong();

	private final AtomicBoolean usage = new AtomicBoolean(true);

	private final String answer;

	private final List<String> models;

	public OpenAiStub(String answer) throws IOException {
		this(answer, new String[0]);
	}

	/** A server offering {@code models}, answering as whichever one is asked for. */
	public OpenAiStub(String answer, String... models) throws IOException {
		this.answer = answer;
		this.models = List.of(models);
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/v1/chat/completions", this::complete);
		this.server.createContext("/v1/models", this::models);
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
		failNext(count, 500);
	}

	/** Answers the next {@code count} requests with {@code status} and an error body. */
	public void failNext(int count, int status) {
		this.errorStatus.set(status);
		this.failures.set(count);
	}

	/**
	 * Refuses every request whose body is longer than {@code characters} as OpenAI
	 * refuses a prompt too long for the model's context: {@code 400} with
	 * {@code context_length_exceeded}, a message quoting the start of the prompt.
	 */
	public void rejectPromptsLongerThan(int characters) {
		this.longestPrompt.set(characters);
	}

	/**
	 * Answers the next request with a long stream, a word every 100 ms, noticing when
	 * nobody reads it any more.
	 */
	public void streamSlowlyNext() {
		this.slow.set(true);
	}

	public int slowChunksSent() {
		return this.slowChunksSent.get();
	}

	/** Whether the slow stream's reader went away within {@code timeout}. */
	public boolean slowStreamBroken(Duration timeout) throws InterruptedException {
		return this.slowStreamBroken.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** Waits {@code delay} before every answer from now on. */
	/**
	 * Whether answers report their token usage (they do unless told otherwise), as some
	 * OpenAI-compatible servers and proxies do not in streamed replies.
	 */
	public void reportUsage(boolean report) {
		this.usage.set(report);
	}

	public void delay(Duration delay) {
		this.delayMillis.set(delay.toMillis());
	}

	public Request lastRequest() {
		return this.lastRequest.get();
	}

	private void complete(HttpExchange exchange) throws IOException {
		String body;
		try (InputStream in = exchange.getRequestBody()) {
			body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			this.lastRequest
				.set(new Request(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")), body));
		}
		this.calls.incrementAndGet();
		if (body.length() > this.longestPrompt.get()) {
			String quoted = body.substring(body.lastIndexOf("\"content\"") + 11, body.lastIndexOf("\"content\"") + 41)
				.replaceAll("[^A-Za-z0-9 ]", "");
			error(exchange, 400,
					"{\"error\": {\"message\": \"This model's maximum context length is 256 tokens. "
							+ "However, your messages resulted in 900 tokens, starting with: " + quoted
							+ ". Please reduce the length of the messages.\", \"type\": \"invalid_request_error\", "
							+ "\"param\": \"messages\", \"code\": \"context_length_exceeded\"}}");
			return;
		}
		if (this.failures.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
			error(exchange, this.errorStatus.get(),
					"{\"error\": {\"message\": \"The server had an error\", \"type\": \"server_error\"}}");
			return;
		}
		pause();
		exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
		exchange.sendResponseHeaders(200, 0);
		if (this.slow.getAndSet(false)) {
			slow(exchange);
			return;
		}
		String model = answeringModel(body);
		try (OutputStream out = exchange.getResponseBody()) {
			for (String piece : this.answer.split("(?= )")) {
				chunk(out, piece(model, piece));
			}
			chunk(out, "{\"id\":\"s\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"" + model + "\","
					+ "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]" + (this.usage.get()
							? ",\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":3,\"total_tokens\":8}}" : "}"));
			out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
		}
	}

	private static void error(HttpExchange exchange, int status, String json) throws IOException {
		byte[] error = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, error.length);
		exchange.getResponseBody().write(error);
		exchange.close();
	}

	private void slow(HttpExchange exchange) {
		try (OutputStream out = exchange.getResponseBody()) {
			for (int i = 0; i < 100; i++) {
				chunk(out, piece("stub-model", "word "));
				this.slowChunksSent.incrementAndGet();
				Thread.sleep(100);
			}
			out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			this.slowStreamBroken.countDown();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void pause() {
		try {
			Thread.sleep(this.delayMillis.get());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** The model asked for when this stub offers models of its own, else stub-model. */
	private String answeringModel(String body) {
		Matcher asked = MODEL.matcher(body);
		return (!this.models.isEmpty() && asked.find()) ? asked.group(1) : "stub-model";
	}

	private static String piece(String model, String text) {
		return "{\"id\":\"s\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"" + model + "\","
				+ "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"},\"finish_reason\":null}]}";
	}

	private void models(HttpExchange exchange) throws IOException {
		List<String> ids = this.models.isEmpty() ? List.of("stub-model") : this.models;
		byte[] models = ("{\"object\":\"list\",\"data\":[" + String.join(",",
				ids.stream()
					.map((id) -> "{\"id\":\"" + id + "\",\"object\":\"model\",\"created\":1,\"owned_by\":\"stub\"}")
					.toList())
				+ "]}")
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

	/** What the last chat request carried. */
	public record Request(String authorization, String body) {
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
