package dev.bastion.ratelimit;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.web.util.UrlPathHelper;

/**
 * The classes of endpoint that have their own limit. Pages, static assets and probes are
 * not limited here (they are cheap and cached); every API call is.
 */
enum EndpointClass {

	DEFAULT("default"), CHAT("chat"), LOGIN("login"), REGISTER("register"), PASSWORD_RESET("password-reset"),
	HEALTH("health");

	private static final UrlPathHelper PATHS = new UrlPathHelper();

	private final String policyName;

	EndpointClass(String policyName) {
		this.policyName = policyName;
	}

	String policyName() {
		return this.policyName;
	}

	/**
	 * On the decoded path, as Spring MVC and Spring Security match it ({@code %6Cogin} is
	 * login).
	 */
	static @Nullable EndpointClass of(HttpServletRequest request) {
		return of(request.getMethod(), PATHS.getPathWithinApplication(request));
	}

	static @Nullable EndpointClass of(String method, String path) {
		if ("/web/session".equals(path) || "/web/session/passkey".equals(path) || "/web/sso/link".equals(path)) {
			// The web UI's login, and the single sign-on link step that checks a
			// password.
			return "POST".equals(method) ? LOGIN : DEFAULT;
		}
		if (path.startsWith("/web/sso/callback/") || path.startsWith("/web/sso/authorize/")) {
			// A single sign-on, start and end: a login (it may even make an account).
			return LOGIN;
		}
		if (!path.startsWith("/api/") && !path.startsWith("/v1/")) {
			return null;
		}
		boolean post = "POST".equals(method);
		return switch (path) {
			case "/api/v1/auth/login", "/api/v1/auth/passkey/login" -> post ? LOGIN : DEFAULT;
			// The first administrator's setup makes an account too, and takes a guess.
			case "/api/v1/auth/register", "/api/v1/setup" -> post ? REGISTER : DEFAULT;
			case "/api/v1/auth/password/reset-request", "/api/v1/auth/password/reset" ->
				post ? PASSWORD_RESET : DEFAULT;
			case "/api/v1/health" -> HEALTH;
			case "/api/v1/chat", "/api/v1/voice", "/v1/chat/completions" -> CHAT;
			case "/api/v1/sessions" -> post ? CHAT : DEFAULT;
			default -> DEFAULT;
		};
	}

}
