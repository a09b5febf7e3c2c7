package dev.bastion.web.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.options.SelectOption;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.bastion.account.AccountManagement;
import dev.bastion.support.Api;
import dev.bastion.support.Browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chat in a real Chromium against a model stub speaking the OpenAI wire format: replies
 * stream into the page, Stop ends them, and a hostile model (script tags, event handlers,
 * javascript: links, remote images, SVG, a 100 KB reply) can neither run code nor make
 * the browser fetch anything outside Bastion. Also writes the screenshots in
 * docs/web-ui.md.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "OPENAI_API_KEY=sk-test-stub-key-123456", "OPENAI_MODEL=stub-model",
				"PROVIDER_ORDER=openai,offline", "PROVIDER_TIMEOUT=20s", "CHAT_HISTORY=encrypted",
				"CHAT_HISTORY_KEY=history-key-for-browser-tests-0123456789", "CHAT_CACHE_ENABLED=false" })
@TestInstance(Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class ChatInBrowserIntegrationTests {

	static final String HOSTILE = """
			# Results

			<script>window.__pwned = 'script'</script>
			<img src=x onerror="window.__pwned = 'img'">
			[click me](javascript:window.__pwned='link')
			[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
			![tracker](http://127.0.0.2/pixel.png)
			<svg onload="window.__pwned = 'svg'"><script>window.__pwned = 'svg-script'</script></svg>

			| left | right |
			|:-----|------:|
			| a    | b     |

			```
			rm -rf /
			```
			""";

	static final String RICH = """
			Here is a short plan for **hardening a home server**:

			1. Keep the system updated (`unattended-upgrades`).
			2. Allow SSH keys only, and no root login.
			3. Put services behind a firewall.

			| Setting | Value |
			|---|---|
			| `PasswordAuthentication` | `no` |
			| `PermitRootLogin` | `no` |

			```sh
			sudo apt install unattended-upgrades
			sudo systemctl reload ssh
			```
			""";

	static final AtomicReference<String> mode = new AtomicReference<>("plain");

	/** The body of the last request the stub received. */
	static final AtomicReference<String> lastRequest = new AtomicReference<>("");

	/** Counted down when the slow stream's reader (Bastion) went away. */
	static final CountDownLatch slowStreamCancelled = new CountDownLatch(1);

	static final JsonMapper json = JsonMapper.builder().build();

	static HttpServer stub;

	@LocalServerPort
	int port;

	@Autowired
	AccountManagement accounts;

	Browser browser;

	Api api;

	@DynamicPropertySource
	static void openai(DynamicPropertyRegistry registry) throws IOException {
		stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		stub.createContext("/v1/chat/completions", ChatInBrowserIntegrationTests::answer);
		stub.createContext("/v1/audio/transcriptions", ChatInBrowserIntegrationTests::transcribe);
		stub.start();
		registry.add("OPENAI_BASE_URL", () -> "http://127.0.0.1:" + stub.getAddress().getPort() + "/v1");
	}

	@BeforeAll
	void start() {
		this.browser = new Browser(this.port);
		this.api = new Api(this.port);
		// A Bastion that has been set up: its first page is the login screen.
		String admin = Api.uniqueName("setup");
		this.accounts.createAdmin(admin, admin + "@example.org", Api.PASSWORD);
	}

	@AfterEach
	void plain() {
		mode.set("plain");
	}

	@AfterAll
	void stop(CapturedOutput output) {
		try {
			assertThat(this.browser.cspViolations()).as("CSP violations seen by the pages").isEmpty();
			assertThat(this.browser.foreignRequests()).as("requests to other origins").isEmpty();
			assertThat(output.getAll()).as("CSP reports received").doesNotContain("CSP_VIOLATION");
			assertThat(output.getAll()).as("chat text in the logs")
				.doesNotContain("rm -rf")
				.doesNotContain("unattended-upgrades")
				.doesNotContain("tell me a story");
		}
		finally {
			this.browser.close();
			stub.stop(0);
		}
	}

	static void answer(HttpExchange exchange) throws IOException {
		try (InputStream body = exchange.getRequestBody()) {
			lastRequest.set(new String(body.readAllBytes(), StandardCharsets.UTF_8));
		}
		exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
		exchange.sendResponseHeaders(200, 0);
		String answering = mode.get();
		try (OutputStream out = exchange.getResponseBody()) {
			switch (answering) {
				case "slow" -> {
					for (int i = 1; i <= 60; i++) {
						chunk(out, "word" + i + " ");
						pause(100);
					}
				}
				case "hostile" -> pieces(HOSTILE, 40).forEach((piece) -> chunk(out, piece));
				case "delayed" -> {
					pause(1500);
					List.of("Hello", " after", " a pause").forEach((piece) -> chunk(out, piece));
				}
				case "again" -> List.of("Another", " answer").forEach((piece) -> chunk(out, piece));
				case "rich" -> pieces(RICH, 12).forEach((piece) -> chunk(out, piece));
				case "huge" -> {
					String line = "All work and no play makes a long reply. ".repeat(25);
					for (int i = 0; i < 100; i++) {
						chunk(out, line.substring(0, 1022) + "\n\n");
					}
				}
				default -> List.of("Hello", " from", " the stub").forEach((piece) -> chunk(out, piece));
			}
			chunk(out, null);
			out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
		}
		catch (IOException | RuntimeException ex) {
			// Bastion went away (Stop reached the provider): nothing more to send.
			if (answering.equals("slow")) {
				slowStreamCancelled.countDown();
			}
		}
	}

	static void transcribe(HttpExchange exchange) throws IOException {
		try (InputStream body = exchange.getRequestBody()) {
			body.readAllBytes();
		}
		byte[] answer = "{\"text\": \"hello from the microphone\"}".getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, answer.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(answer);
		}
	}

	static List<String> pieces(String text, int size) {
		List<String> pieces = new ArrayList<>();
		for (int at = 0; at < text.length(); at += size) {
			pieces.add(text.substring(at, Math.min(text.length(), at + size)));
		}
		return pieces;
	}

	static void chunk(OutputStream out, String text) {
		Map<String, Object> delta = (text != null) ? Map.of("content", text) : Map.of();
		Map<String, Object> choice = Map.of("index", 0, "delta", delta, "finish_reason",
				(text != null) ? "null" : "stop");
		Map<String, Object> body = new java.util.LinkedHashMap<>(Map.of("id", "c1", "object", "chat.completion.chunk",
				"created", 1, "model", "stub-model", "choices", List.of(choice)));
		if (text == null) {
			body.put("usage", Map.of("prompt_tokens", 9, "completion_tokens", 4, "total_tokens", 13));
		}
		String line = "data: "
				+ json.writeValueAsString(body).replace("\"finish_reason\":\"null\"", "\"finish_reason\":null")
				+ "\n\n";
		try {
			out.write(line.getBytes(StandardCharsets.UTF_8));
			out.flush();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static Page.GetByRoleOptions named(String name) {
		return new Page.GetByRoleOptions().setName(name).setExact(true);
	}

	static Locator.GetByRoleOptions inside(String name) {
		return new Locator.GetByRoleOptions().setName(name).setExact(true);
	}

	Page logIn(Page page, String username) {
		page.getByLabel("Username or email").fill(username);
		page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(Api.PASSWORD);
		page.getByRole(AriaRole.BUTTON, named("Log in")).click();
		assertThat(page.getByRole(AriaRole.HEADING, named("Chat"))).isVisible();
		return page;
	}

	Locator send(Page page, String message) {
		int before = page.locator(".message.assistant").count();
		page.getByLabel("Message").fill(message);
		page.getByRole(AriaRole.BUTTON, named("Send")).click();
		return page.locator(".message.assistant").nth(before);
	}

	@Test
	void registerLogInReplyStreamsStopEndsItThenLogOut() throws InterruptedException {
		Page page = this.browser.open(this.browser.newPage());
		page.getByRole(AriaRole.LINK, named("Create an account")).click();
		String username = Api.uniqueName("journey");
		page.getByLabel("Username").fill(username);
		page.getByLabel("Email").fill(username + "@example.org");
		page.getByLabel("Password").fill(Api.PASSWORD);
		page.getByRole(AriaRole.BUTTON, named("Create account")).click();
		page.getByRole(AriaRole.BUTTON, named("Log out")).click();
		logIn(page, username);

		Locator plain = send(page, "hello");
		assertThat(plain.locator(".body")).hasText("Hello from the stub");
		assertThat(plain.locator(".meta")).containsText("openai · stub-model");
		assertThat(plain.locator(".badge")).hasCount(0);

		mode.set("slow");
		Locator reply = send(page, "tell me a story");
		assertThat(reply.locator(".body")).containsText("word3");
		Locator stop = page.getByRole(AriaRole.BUTTON, named("Stop"));
		assertThat(stop).isEnabled();
		assertThat(reply.locator(".body")).not().containsText("word60");
		stop.click();
		assertThat(reply.getByText("Stopped.")).isVisible();
		assertThat(stop).isDisabled();
		String stopped = reply.locator(".body").textContent();
		pause(600);
		assertThat(reply.locator(".body")).hasText(stopped);
		assertThat(stopped).doesNotContain("word60");
		assertThat(slowStreamCancelled.await(8, TimeUnit.SECONDS)).as("Stop reached the provider").isTrue();

		page.getByRole(AriaRole.BUTTON, named("Log out")).click();
		assertThat(page.getByText("You have logged out.")).isVisible();
		this.browser.close(page);
	}

	@Test
	void conversationsAreListedReopenedAndDeleted() {
		String username = this.api.newUsername("history");
		Page page = logIn(this.browser.open(this.browser.newPage()), username);
		Locator list = page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Conversations"));
		assertThat(list).isVisible();
		assertThat(list.getByText("No saved conversations yet.")).isVisible();
		assertThat(send(page, "first question about tides").locator(".meta")).containsText("openai · stub-model");
		Locator items = list.locator("li button[data-id]");
		assertThat(items).hasCount(1);
		page.getByRole(AriaRole.BUTTON, named("New conversation")).click();
		assertThat(page.locator(".message")).hasCount(0);
		assertThat(send(page, "second question about stars").locator(".meta")).containsText("openai · stub-model");
		assertThat(items).hasCount(2);

		Locator first = items.filter(new Locator.FilterOptions().setHasText("first question"));
		first.click();
		assertThat(page.locator(".message.user .body")).hasText(new String[] { "first question about tides" });
		assertThat(page.locator(".message.assistant .body")).hasText(new String[] { "Hello from the stub" });
		Browser.assertAccessible(page, "chat with conversations");
		page.getByRole(AriaRole.BUTTON, named("Delete " + first.locator(".title").textContent())).click();
		assertThat(items).hasCount(1);
		assertThat(items).containsText("second question");
		assertThat(page.locator(".message")).hasCount(0);
		this.browser.close(page);
	}

	@Test
	void enterSendsShiftEnterBreaksTheLineAndThinkingShowsUntilTheFirstToken() {
		String username = this.api.newUsername("keys");
		Page page = logIn(this.browser.open(this.browser.newPage()), username);
		Locator message = page.getByLabel("Message");
		message.fill("line one");
		message.press("Shift+Enter");
		message.pressSequentially("line two");
		assertThat(page.locator(".message")).hasCount(0);
		mode.set("delayed");
		message.press("Enter");
		Locator reply = page.locator(".message.assistant").first();
		assertThat(reply.getByRole(AriaRole.STATUS)).hasText("Thinking…");
		assertThat(reply.locator(".body")).hasText("Hello after a pause");
		assertThat(reply.locator(".thinking")).hasCount(0);
		assertThat(page.locator(".message.user .body")).hasText("line one\nline two");
		assertThat(message).hasValue("");
		this.browser.close(page);
	}

	@Test
	void aReplyIsCopiedAndTheLastOneRegeneratedInPlace() {
		String username = this.api.newUsername("regen");
		Page page = this.browser.newPage();
		page.context().grantPermissions(List.of("clipboard-read", "clipboard-write"));
		logIn(this.browser.open(page), username);
		Locator first = send(page, "hello");
		assertThat(first.locator(".body")).hasText("Hello from the stub");
		first.getByRole(AriaRole.BUTTON, inside("Copy reply")).click();
		assertThat(first.getByRole(AriaRole.BUTTON, inside("Copied"))).isVisible();
		assertThat(page.evaluate("() => navigator.clipboard.readText()")).isEqualTo("Hello from the stub");

		Locator second = send(page, "and again");
		assertThat(second.locator(".meta")).containsText("openai · stub-model");
		assertThat(page.getByRole(AriaRole.BUTTON, named("Regenerate"))).hasCount(1);
		mode.set("again");
		second.getByRole(AriaRole.BUTTON, inside("Regenerate")).click();
		Locator replies = page.locator(".message.assistant .body");
		assertThat(replies).hasText(new String[] { "Hello from the stub", "Another answer" });
		assertThat(page.locator(".message.user .body")).hasText(new String[] { "hello", "and again" });
		assertThat(page.getByRole(AriaRole.BUTTON, named("Regenerate"))).hasCount(1);

		page.getByRole(AriaRole.BUTTON, named("New conversation")).click();
		page.locator(".conversations button[data-id]").first().click();
		assertThat(replies).hasText(new String[] { "Hello from the stub", "Another answer" });
		this.browser.close(page);
	}

	@Test
	void theModelPickerListsTheAllowedModelsAndChoosesWhoAnswers() {
		String username = this.api.newUsername("picker");
		Page page = logIn(this.browser.open(this.browser.newPage()), username);
		Locator picker = page.getByLabel("Model", new Page.GetByLabelOptions().setExact(true));
		assertThat(picker).hasValue("stub-model");
		assertThat(picker.locator("option")).hasText(new String[] { "stub-model", "offline" });
		assertThat(send(page, "hello").locator(".meta")).containsText("openai · stub-model");
		picker.selectOption("offline");
		Locator offline = send(page, "and now?");
		assertThat(offline.locator(".badge")).isVisible();
		assertThat(offline.locator(".meta")).containsText("offline · offline");
		this.browser.close(page);
	}

	@Test
	void presetIsCreatedOnTheAccountPageChosenBesideTheModelThenEditedAndDeleted() throws Exception {
		String username = this.api.newUsername("preset");
		Page page = logIn(this.browser.open(this.browser.newPage()), username);
		assertThat(page.getByLabel("Preset", new Page.GetByLabelOptions().setExact(true))).isHidden();
		page.getByRole(AriaRole.LINK, named("Account")).click();
		page.getByLabel("Preset name").fill("Pirate");
		page.getByLabel("System prompt").fill("Talk like a pirate.");
		page.getByLabel("Temperature").fill("0.5");
		page.getByLabel("Preset model").fill("stub-model");
		page.getByRole(AriaRole.BUTTON, named("Save preset")).click();
		assertThat(page.getByText("Preset “Pirate” saved.")).isVisible();
		assertThat(page.getByRole(AriaRole.CELL, named("Pirate"))).isVisible();
		Browser.assertAccessible(page, "account page with a preset");

		page.getByRole(AriaRole.LINK, named("Chat")).click();
		Locator preset = page.getByLabel("Preset", new Page.GetByLabelOptions().setExact(true));
		assertThat(preset.locator("option")).hasText(new String[] { "None", "Pirate" });
		preset.selectOption(new SelectOption().setLabel("Pirate"));
		assertThat(send(page, "hello").locator(".body")).hasText("Hello from the stub");
		JsonNode sent = json.readTree(lastRequest.get());
		assertThat(sent.path("messages").get(0).path("content").asString()).isEqualTo("Talk like a pirate.");
		assertThat(sent.path("temperature").asDouble()).isEqualTo(0.5);
		assertThat(sent.path("model").asString()).isEqualTo("stub-model");

		page.getByRole(AriaRole.LINK, named("Account")).click();
		page.getByRole(AriaRole.BUTTON, named("Edit preset Pirate")).click();
		assertThat(page.getByLabel("System prompt")).hasValue("Talk like a pirate.");
		page.getByLabel("Preset name").fill("Captain");
		page.getByRole(AriaRole.BUTTON, named("Save preset")).click();
		assertThat(page.getByRole(AriaRole.CELL, named("Captain"))).isVisible();
		page.getByRole(AriaRole.BUTTON, named("Delete preset Captain")).click();
		assertThat(page.getByText("No presets yet.")).isVisible();
		this.browser.close(page);
	}

	@Test
	void conversationsAreSearchedAndRenamed() {
		String username = this.api.newUsername("titles");
		Page page = logIn(this.browser.open(this.browser.newPage()), username);
		assertThat(send(page, "first question about tides").locator(".meta")).containsText("stub-model");
		page.getByRole(AriaRole.BUTTON, named("New conversation")).click();
		assertThat(send(page, "second question about stars").locator(".meta")).containsText("stub-model");
		Locator items = page.locator(".conversations li button[data-id]");
		assertThat(items).hasCount(2);

		page.getByLabel("Search conversations").fill("TIDES");
		assertThat(items).hasCount(1);
		assertThat(items).containsText("first question about tides");
		page.getByLabel("Search conversations").fill("nothing like this");
		assertThat(page.getByText("No conversation matches.")).isVisible();
		page.getByLabel("Search conversations").fill("");
		assertThat(items).hasCount(2);

		page.getByRole(AriaRole.BUTTON, named("Rename first question about tides")).click();
		page.getByLabel("New title").fill("<b>Tide tables</b>");
		page.getByRole(AriaRole.BUTTON, named("Save")).click();
		assertThat(items.filter(new Locator.FilterOptions().setHasText("<b>Tide tables</b>"))).hasCount(1);
		assertThat(page.locator(".conversations b")).hasCount(0);
		Browser.assertAccessible(page, "chat with searched and renamed conversations");
		this.browser.close(page);
	}

	@Test
	void voiceMessageIsTranscribedAndAnsweredAndADeniedMicrophoneIsExplained() {
		String username = this.api.newUsername("voice");
		Page page = this.browser.newPage();
		page.context().grantPermissions(List.of("microphone"));
		logIn(this.browser.open(page), username);
		page.getByRole(AriaRole.BUTTON, named("Record voice")).click();
		Locator stopRecording = page.getByRole(AriaRole.BUTTON, named("Stop recording"));
		assertThat(stopRecording).hasAttribute("aria-pressed", "true");
		page.waitForTimeout(700);
		stopRecording.click();
		assertThat(page.locator(".message.user .body")).hasText("hello from the microphone");
		assertThat(page.locator(".message.assistant .body")).hasText("Hello from the stub");
		this.browser.close(page);

		Page denied = logIn(this.browser.open(this.browser.newPage()), username);
		denied.getByRole(AriaRole.BUTTON, named("Record voice")).click();
		assertThat(denied.getByRole(AriaRole.STATUS).filter(new Locator.FilterOptions().setHasText("Microphone")))
			.hasText("Microphone permission was denied, so nothing was recorded.");
		this.browser.close(denied);
	}

	@Test
	void hostileReplyIsShownAsTextRunsNothingAndLoadsNothing() {
		JsonNode user = this.api.newUser("hostile");
		String username = user.path("user").path("username").asString();
		String hostileName = "<img src=x onerror=\"window.__pwned = 'preset'\">";
		assertThat(this.api
			.post("/api/v1/users/me/presets", user.path("access_token").asString(),
					"{\"name\": \"<img src=x onerror=\\\"window.__pwned = 'preset'\\\">\", "
							+ "\"system_prompt\": \"<script>window.__pwned = 'prompt'</script>\"}")
			.statusCode()).isEqualTo(201);
		Page page = logIn(this.browser.open(this.browser.newPage()), username);
		Locator preset = page.getByLabel("Preset", new Page.GetByLabelOptions().setExact(true));
		assertThat(preset.locator("option")).hasText(new String[] { "None", hostileName });
		preset.selectOption(new SelectOption().setLabel(hostileName));
		mode.set("hostile");
		Locator reply = send(page, "show me");
		assertThat(reply.locator(".meta")).containsText("openai · stub-model");
		Locator body = reply.locator(".body");
		assertThat(body.getByRole(AriaRole.HEADING, inside("Results"))).isVisible();
		assertThat(body).containsText("<script>window.__pwned = 'script'</script>");
		assertThat(body).containsText("<img src=x onerror=\"window.__pwned = 'img'\">");
		assertThat(body).containsText("<svg onload=");
		assertThat(body.locator("script, img, svg, iframe, object, [onerror], [onload], [style]")).hasCount(0);
		assertThat(body.locator("a[href^='javascript'], a[href^='data']")).hasCount(0);
		Locator tracker = body.getByRole(AriaRole.LINK, inside("tracker (image not loaded)"));
		assertThat(tracker).hasAttribute("href", "http://127.0.0.2/pixel.png");
		assertThat(tracker).hasAttribute("rel", "noopener noreferrer nofollow");
		assertThat(body.locator("table td")).hasText(new String[] { "a", "b" });
		assertThat(body.locator("pre code")).hasText("rm -rf /\n");
		assertThat(reply.getByRole(AriaRole.BUTTON, inside("Copy"))).isVisible();
		assertThat(page.evaluate("() => typeof window.__pwned")).isEqualTo("undefined");
		reply.getByRole(AriaRole.BUTTON, inside("Regenerate")).click();
		Locator again = page.locator(".message.assistant").first();
		assertThat(again.locator(".meta")).containsText("openai · stub-model");
		assertThat(again.locator(".body script, .body img, .body svg, [onerror], [onload]")).hasCount(0);
		assertThat(this.browser.foreignRequests()).isEmpty();
		Browser.assertAccessible(page, "chat with a hostile reply");
		page.getByRole(AriaRole.LINK, named("Account")).click();
		assertThat(page.getByRole(AriaRole.CELL, named(hostileName))).isVisible();
		page.getByRole(AriaRole.BUTTON, named("Edit preset " + hostileName)).click();
		assertThat(page.getByLabel("System prompt")).hasValue("<script>window.__pwned = 'prompt'</script>");
		assertThat(page.locator("main img, main script:not([src]), [onerror]")).hasCount(0);
		assertThat(page.evaluate("() => typeof window.__pwned")).isEqualTo("undefined");
		this.browser.close(page);
	}

	@Test
	void hundredKilobyteReplyStreamsWhileThePageStaysResponsive() {
		String username = this.api.newUsername("huge");
		Page page = logIn(this.browser.open(this.browser.newPage()), username);
		page.evaluate("""
				() => {
					window.__longestTask = 0;
					new PerformanceObserver((list) => list.getEntries().forEach((entry) => {
						window.__longestTask = Math.max(window.__longestTask, entry.duration);
					})).observe({ type: 'longtask' });
				}""");
		// The observer must see a task that is too long, or the measurement proves
		// nothing.
		page.evaluate(
				"() => setTimeout(() => { const end = performance.now() + 150; while (performance.now() < end); })");
		page.waitForFunction("() => window.__longestTask >= 150");
		page.evaluate("() => { window.__longestTask = 0; }");
		mode.set("huge");
		Locator reply = send(page, "write a lot");
		assertThat(reply.locator(".meta")).containsText("openai · stub-model");
		Number length = (Number) page
			.evaluate("() => document.querySelector('.message.assistant .body').textContent.length");
		assertThat(length.intValue()).isGreaterThan(100_000);
		long started = System.nanoTime();
		page.getByLabel("Message").fill("still typing");
		page.getByLabel("Message").press("End");
		assertThat(page.getByLabel("Message")).hasValue("still typing");
		assertThat((System.nanoTime() - started) / 1_000_000).as("ms to type after the reply").isLessThan(1000);
		Number longest = (Number) page.evaluate("() => window.__longestTask");
		System.out.println("Longest main-thread task while a 100 KB reply streamed: " + longest + " ms");
		assertThat(longest.doubleValue()).as("longest main-thread task while streaming, ms").isLessThan(500);
		this.browser.close(page);
	}

	@Test
	void screenshotsOfTheMainScreensOnDesktopAndPhoneInLightAndDark() {
		String username = this.api.newUsername("ada");
		for (ColorScheme scheme : List.of(ColorScheme.LIGHT, ColorScheme.DARK)) {
			for (int width : List.of(1280, 360)) {
				String suffix = (width == 360 ? "phone" : "desktop") + "-" + scheme.name().toLowerCase();
				Page page = this.browser.open(this.browser.newPage(width, width == 360 ? 780 : 860, scheme));
				Browser.screenshot(page, "login-" + suffix);
				logIn(page, username);
				mode.set("rich");
				Locator reply = send(page, "How do I harden a home server?");
				assertThat(reply.locator(".meta")).containsText("openai · stub-model");
				Number overflow = (Number) page
					.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
				assertThat(overflow.intValue()).as("horizontal overflow at " + width + " px").isZero();
				Browser.assertAccessible(page, "chat " + suffix);
				Browser.screenshot(page, "chat-" + suffix);
				page.getByRole(AriaRole.LINK, named("Account")).click();
				assertThat(page.getByRole(AriaRole.HEADING, named("API keys"))).isVisible();
				assertThat(page.locator("meter")).isVisible();
				Browser.screenshot(page, "account-" + suffix);
				this.browser.close(page);
			}
		}
	}

}
