package dev.bastion.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.options.AriaRole;

import dev.bastion.support.Browser;

/**
 * Measures the web UI in Chromium against a running Bastion (started by
 * {@code bench/webui.sh}): the chat page's weight on the wire, its time to interactive,
 * and the time from Send to the first streamed character.
 */
public final class WebUiBenchmark {

	private static final int LOADS = 10;

	private static final int SENDS = 20;

	private static final String PASSWORD = "violet-anchor-tundra-71";

	private WebUiBenchmark() {
	}

	public static void main(String[] args) {
		int port = Integer.parseInt(args[0]);
		String username = args[1];
		try (Browser browser = new Browser(port)) {
			weight(browser, username);
			timeToInteractive(browser, username);
			firstCharacter(browser, username);
		}
	}

	private static Page loggedIn(Browser browser, String username) {
		Page page = browser.open(browser.newPage());
		page.getByLabel("Username or email").fill(username);
		page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(PASSWORD);
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in").setExact(true)).click();
		page.getByLabel("Message").waitFor();
		return page;
	}

	/** Everything the logged-in chat page loads with an empty cache, as transferred. */
	private static void weight(Browser browser, String username) {
		Page page = loggedIn(browser, username);
		Page fresh = browser.newPage();
		fresh.context().addCookies(page.context().cookies());
		List<Request> requests = Collections.synchronizedList(new ArrayList<>());
		fresh.onRequestFinished(requests::add);
		fresh.onResponse((response) -> {
			if (response.status() >= 400) {
				System.out.println("answered " + response.status() + ": " + response.url());
			}
		});
		browser.open(fresh);
		fresh.getByLabel("Message").waitFor();
		fresh.waitForLoadState();
		long body = 0;
		long headers = 0;
		for (Request request : List.copyOf(requests)) {
			body += request.sizes().responseBodySize;
			headers += request.sizes().responseHeadersSize;
		}
		System.out.printf(Locale.ROOT,
				"page weight     : %.1f KB compressed bodies, %.1f KB with headers, %d requests%n", body / 1024.0,
				(body + headers) / 1024.0, requests.size());
		browser.close(fresh);
		browser.close(page);
	}

	/** From navigation start to the first screen drawn and usable, cold cache. */
	private static void timeToInteractive(Browser browser, String username) {
		Page session = loggedIn(browser, username);
		List<Double> times = new ArrayList<>();
		for (int i = 0; i < LOADS; i++) {
			Page page = browser.newPage();
			page.context().addCookies(session.context().cookies());
			browser.open(page);
			page.getByLabel("Message").waitFor();
			times.add(((Number) page.evaluate("() => performance.getEntriesByName('bastion-ready')[0].startTime"))
				.doubleValue());
			browser.close(page);
		}
		report("time to interactive (cold cache)", times);
		browser.close(session);
	}

	private static void firstCharacter(Browser browser, String username) {
		Page page = loggedIn(browser, username);
		List<Double> times = new ArrayList<>();
		for (int i = 0; i < SENDS; i++) {
			page.getByLabel("Message").fill("How long until the first word?");
			times.add(((Number) page.evaluate("""
					() => new Promise((resolve) => {
						const log = document.querySelector('.messages');
						const before = log.querySelectorAll('.message.assistant').length;
						const observer = new MutationObserver(() => {
							const replies = log.querySelectorAll('.message.assistant .body');
							if (replies.length > before && replies[replies.length - 1].textContent.length > 0) {
								observer.disconnect();
								resolve(performance.now() - started);
							}
						});
						observer.observe(log, { childList: true, subtree: true, characterData: true });
						const started = performance.now();
						document.querySelector('.composer button[type=submit]').click();
					})""")).doubleValue());
			page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send").setExact(true))
				.and(page.locator(":enabled"))
				.waitFor();
		}
		report("Send to first character", times);
		browser.close(page);
	}

	private static void report(String what, List<Double> times) {
		List<Double> sorted = new ArrayList<>(times);
		Collections.sort(sorted);
		System.out.printf(Locale.ROOT, "%-16s: median %.1f ms, p90 %.1f ms, min %.1f ms (%d runs)%n", what,
				sorted.get(sorted.size() / 2), sorted.get((int) Math.ceil(sorted.size() * 0.9) - 1), sorted.get(0),
				sorted.size());
	}

}
