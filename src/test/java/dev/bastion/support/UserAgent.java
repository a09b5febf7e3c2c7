package dev.bastion.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser without a screen, for the single sign-on tests: it keeps cookies per host
 * (Bastion's and the provider's apart, as a browser does), follows nothing by itself so
 * that a test sees and can tamper with every redirect, and signs in at the provider's own
 * login form.
 */
public final class UserAgent {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

	private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

	private final HttpClient client = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.cookieHandler(this.cookies)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String bastion;

	/**
	 * @param bastion Bastion's base address, e.g. {@code http://localhost:8080}
	 */
	public UserAgent(String bastion) {
		this.bastion = bastion;
	}

	public HttpResponse<String> get(String url) {
		return send(HttpRequest.newBuilder(uri(url)).GET());
	}

	/** A JSON call to Bastion with its CSRF token, as the web UI makes it. */
	public HttpResponse<String> call(String method, String path, String json) {
		if (cookie(this.bastion, "XSRF-TOKEN") == null) {
			get(this.bastion + "/");
		}
		String csrf = cookie(this.bastion, "XSRF-TOKEN");
		BodyPublisher body = json.isEmpty() ? BodyPublishers.noBody() : BodyPublishers.ofString(json);
		return send(HttpRequest.newBuilder(uri(this.bastion + path))
			.method(method, body)
			.header("Content-Type", "application/json")
			.header("X-XSRF-TOKEN", String.valueOf(csrf)));
	}

	/**
	 * Starts a sign-in at Bastion and signs in at the provider's form as
	 * {@code username}: the provider's redirect back to Bastion (its callback address
	 * with {@code code} and {@code state}), not followed yet.
	 */
	public String signInAtProvider(String username, String password) {
		HttpResponse<String> start = get(this.bastion + "/web/sso/authorize/oidc");
		expectRedirect(start);
		return signInAtProvider(location(start), username, password);
	}

	/** Signs in at the provider for the authorization request at {@code authorizeUrl}. */
	public String signInAtProvider(String authorizeUrl, String username, String password) {
		HttpResponse<String> toLogin = get(authorizeUrl);
		expectRedirect(toLogin);
		String loginUrl = location(toLogin);
		HttpResponse<String> form = get(loginUrl);
		Matcher csrf = CSRF.matcher(form.body());
		if (!csrf.find()) {
			throw new IllegalStateException("The provider's login form has no CSRF token: " + form.body());
		}
		HttpResponse<String> posted = send(HttpRequest.newBuilder(uri(loginUrl))
			.POST(form(Map.of("username", username, "password", password, "_csrf", csrf.group(1))))
			.header("Content-Type", "application/x-www-form-urlencoded"));
		expectRedirect(posted);
		HttpResponse<String> back = get(location(posted));
		expectRedirect(back);
		return location(back);
	}

	/**
	 * The whole sign-in: Bastion's answer to the callback (where it sends the browser).
	 */
	public String signIn(String username, String password) {
		HttpResponse<String> callback = get(signInAtProvider(username, password));
		expectRedirect(callback);
		return callback.headers().firstValue("Location").orElseThrow();
	}

	public String location(HttpResponse<String> response) {
		String location = response.headers().firstValue("Location").orElseThrow();
		return response.uri().resolve(location).toString();
	}

	public String cookie(String base, String name) {
		return this.cookies.getCookieStore()
			.get(URI.create(base))
			.stream()
			.filter((cookie) -> cookie.getName().equals(name))
			.map(HttpCookie::getValue)
			.findFirst()
			.orElse(null);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.client.send(request.timeout(Duration.ofSeconds(30)).build(), BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private URI uri(String url) {
		return URI.create(url.startsWith("/") ? this.bastion + url : url);
	}

	private static void expectRedirect(HttpResponse<String> response) {
		if (response.statusCode() != 302) {
			throw new IllegalStateException("Expected a redirect from " + response.uri() + ", got "
					+ response.statusCode() + ": " + response.body());
		}
	}

	private static BodyPublisher form(Map<String, String> fields) {
		return BodyPublishers.ofString(fields.entrySet()
			.stream()
			.map((field) -> field.getKey() + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&")));
	}

}
