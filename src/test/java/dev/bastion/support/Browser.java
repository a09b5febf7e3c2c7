package dev.bastion.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.deque.html.axecore.results.Rule;
import com.microsoft.playwright.Browser.NewContextOptions;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.ColorScheme;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's Chromium ({@code /usr/bin/chromium}, or {@code CHROMIUM_PATH}) driven by
 * Playwright, watching what every page does: each CSP violation the page sees, and each
 * request that goes anywhere but Bastion. Playwright never downloads a browser here.
 * <p>
 * One Chromium serves the whole test JVM (starting Playwright's driver and the browser
 * took 2 to 3 seconds per test class): each instance of this class works only in browser
 * contexts of its own (fresh profiles: no cookies, storage or permissions from another
 * test) and closes them in {@link #close()}.
 */
public final class Browser implements AutoCloseable {

	/** Counts violations in the page; runs before any of the page's own scripts. */
	private static final String WATCH_CSP = """
			window.__cspViolations = [];
			document.addEventListener('securitypolicyviolation', (event) => {
				window.__cspViolations.push(event.violatedDirective + ' ' + event.blockedURI);
			});
			""";

	private static @Nullable Playwright playwright;

	private static com.microsoft.playwright.@Nullable Browser shared;

	private final com.microsoft.playwright.Browser chromium;

	private final List<BrowserContext> contexts = new ArrayList<>();

	private final String base;

	private final List<String> foreignRequests = Collections.synchronizedList(new ArrayList<>());

	private final List<String> cspViolations = Collections.synchronizedList(new ArrayList<>());

	private final List<Page> pages = new ArrayList<>();

	public Browser(int port) {
		this("http://127.0.0.1:" + port);
	}

	/**
	 * A browser for Bastion at {@code base}: {@code http://localhost:PORT} where a test
	 * needs a domain name (WebAuthn refuses IP addresses).
	 */
	public Browser(String base) {
		this.base = base;
		// Generous for a busy 2-core CI machine; a passing expectation returns at once.
		PlaywrightAssertions.setDefaultAssertionTimeout(10_000);
		this.chromium = chromium();
	}

	/** The JVM's Chromium: launched on first use, again if it went away. */
	private static synchronized com.microsoft.playwright.Browser chromium() {
		com.microsoft.playwright.Browser chromium = shared;
		if (chromium != null && chromium.isConnected()) {
			return chromium;
		}
		Playwright driver = playwright;
		if (driver == null) {
			driver = Playwright
				.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
			playwright = driver;
			Runtime.getRuntime().addShutdownHook(new Thread(Browser::shutDown, "chromium-shutdown"));
		}
		chromium = driver.chromium()
			.launch(new BrowserType.LaunchOptions()
				.setExecutablePath(Path.of(System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium")))
				.setHeadless(true)
				.setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
						"--disable-component-update", "--no-first-run",
						// A synthetic microphone; using it still needs the page's
						// permission.
						"--use-fake-device-for-media-stream")));
		shared = chromium;
		return chromium;
	}

	private static synchronized void shutDown() {
		Playwright driver = playwright;
		if (driver != null) {
			driver.close();
		}
	}

	public String base() {
		return this.base;
	}

	/**
	 * A page for an attacker's site: its own requests go elsewhere on purpose, so they
	 * are not counted.
	 */
	public Page newAttackerPage() {
		BrowserContext context = this.chromium.newContext();
		this.contexts.add(context);
		return context.newPage();
	}

	/** A fresh browser profile (no cookies) with one page, watched. */
	public Page newPage() {
		return newPage(1280, 860, ColorScheme.LIGHT);
	}

	public Page newPage(int width, int height, ColorScheme scheme) {
		BrowserContext context = this.chromium.newContext(new NewContextOptions().setBaseURL(this.base)
			.setViewportSize(width, height)
			.setColorScheme(scheme)
			.setAcceptDownloads(true));
		this.contexts.add(context);
		context.onRequest((request) -> {
			String url = request.url();
			if (!url.startsWith(this.base + "/") && !url.startsWith("blob:" + this.base + "/")) {
				this.foreignRequests.add(url);
			}
		});
		context.addInitScript(WATCH_CSP);
		Page page = context.newPage();
		page.onConsoleMessage((message) -> System.out.println("[browser " + message.type() + "] " + message.text()));
		page.onPageError((error) -> System.out.println("[browser page error] " + error));
		page.setDefaultTimeout(10_000);
		this.pages.add(page);
		return page;
	}

	/** Opens Bastion and waits until the app has drawn its first screen. */
	public Page open(Page page) {
		page.navigate("/");
		page.waitForSelector("body[data-ready=true]");
		return page;
	}

	/** Collects the page's CSP violations, then closes its browser context. */
	public void close(Page page) {
		collect(page);
		this.pages.remove(page);
		page.context().close();
	}

	@SuppressWarnings("unchecked")
	private void collect(Page page) {
		if (!page.isClosed()) {
			Object seen = page.evaluate("() => window.__cspViolations || []");
			this.cspViolations.addAll((List<String>) seen);
		}
	}

	public List<String> foreignRequests() {
		return List.copyOf(this.foreignRequests);
	}

	public List<String> cspViolations() {
		this.pages.forEach(this::collect);
		return List.copyOf(this.cspViolations);
	}

	/** axe-core in the page: no serious or critical violation. */
	public static void assertAccessible(Page page, String screen) {
		AxeResults results = new AxeBuilder(page).analyze();
		List<String> serious = results.getViolations()
			.stream()
			.filter((rule) -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
			.map(Browser::describe)
			.toList();
		assertThat(serious).as("axe-core on the " + screen + " screen").isEmpty();
	}

	private static String describe(Rule rule) {
		return rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp() + " at "
				+ rule.getNodes().stream().map((node) -> String.valueOf(node.getTarget())).toList();
	}

	/** Writes a screenshot to {@code target/screenshots/<name>.png}. */
	public static void screenshot(Page page, String name) {
		page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "screenshots", name + ".png"))
			.setFullPage(true));
	}

	/**
	 * Pages a failed test left open are photographed for the report, then every browser
	 * context this instance opened is closed (the shared Chromium stays up).
	 */
	@Override
	public void close() {
		int count = 0;
		for (Page page : List.copyOf(this.pages)) {
			if (!page.isClosed()) {
				screenshot(page, "unfinished-" + (++count));
			}
		}
		this.pages.clear();
		if (this.chromium.isConnected()) {
			this.contexts.forEach(BrowserContext::close);
		}
		this.contexts.clear();
	}

}
