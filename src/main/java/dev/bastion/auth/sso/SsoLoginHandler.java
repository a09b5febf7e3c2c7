package dev.bastion.auth.sso;

import java.io.IOException;
import java.time.Clock;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponentsBuilder;

import dev.bastion.auth.SsoProperties;
import dev.bastion.auth.login.ExternalLogins;
import dev.bastion.auth.sso.SsoAccounts.OfferLink;
import dev.bastion.auth.sso.SsoAccounts.SignIn;
import dev.bastion.auth.sso.SsoAccounts.SsoRefusal;
import dev.bastion.system.BastionException;

/**
 * The end of a sign-in at the provider. Spring's OAuth2 client has checked the answer
 * (state, code, PKCE, the ID token's signature, issuer, audience, expiry and nonce); here
 * it becomes a Bastion login, or a link offer, or a refusal the login page explains.
 * Spring's authentication is not kept: the browser's session holds a Bastion login,
 * exactly as after a password login.
 */
final class SsoLoginHandler implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

	/** The method of the login events. */
	static final String METHOD = "oidc";

	private static final Pattern ERROR_CODE = Pattern.compile("[a-z_]{1,40}");

	private final SsoAccounts accounts;

	private final ExternalLogins logins;

	private final SsoProperties properties;

	private final DiscoveredProvider provider;

	private final String publicUrl;

	private final Clock clock;

	SsoLoginHandler(SsoAccounts accounts, ExternalLogins logins, SsoProperties properties, DiscoveredProvider provider,
			String publicUrl, Clock clock) {
		this.accounts = accounts;
		this.logins = logins;
		this.properties = properties;
		this.provider = provider;
		this.publicUrl = publicUrl;
		this.clock = clock;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException {
		SecurityContextHolder.clearContext();
		if (!(authentication.getPrincipal() instanceof OidcUser user)) {
			this.logins.failed("oidc-not-oidc");
			redirect(request, response, "/#/login?sso=failed");
			return;
		}
		redirect(request, response, finish(SsoIdentity.of(user, this.properties), user, request, response));
	}

	private String finish(SsoIdentity identity, OidcUser user, HttpServletRequest request,
			HttpServletResponse response) {
		try {
			return switch (this.accounts.resolve(identity)) {
				case SignIn(var accountId) -> {
					this.logins.signIn(accountId, METHOD, request, response);
					offerEndSession(request, user);
					yield "/#/chat";
				}
				case OfferLink(var pending) -> {
					keep(request, pending);
					yield "/#/sso-link";
				}
			};
		}
		catch (SsoRefusal ex) {
			this.logins.failed("oidc-" + ex.reason());
			return "/#/login?sso=" + ex.reason();
		}
		catch (BastionException ex) {
			return "/#/login?sso=" + switch (ex.code()) {
				case REGISTRATION_CLOSED -> "closed";
				case ACCOUNT_PENDING -> "pending";
				case ACCOUNT_LOCKED -> "locked";
				default -> "failed";
			};
		}
	}

	/**
	 * Refused by Spring's checks (a wrong state, a code refused by the provider, an ID
	 * token for another audience or nonce) or by the provider itself: audited, and the
	 * login page says so without details an attacker could use.
	 */
	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		String error = (exception instanceof OAuth2AuthenticationException oauth)
				? oauth.getError().getErrorCode().toLowerCase(Locale.ROOT) : "error";
		// The provider's error code comes from the address bar: kept only when it is one.
		this.logins.failed("oidc-" + (ERROR_CODE.matcher(error).matches() ? error : "other"));
		redirect(request, response, "/#/login?sso=" + ("access_denied".equals(error) ? "cancelled" : "failed"));
	}

	/** A fresh session holding only the link offer. */
	private void keep(HttpServletRequest request, PendingLink pending) {
		HttpSession previous = request.getSession(false);
		if (previous != null) {
			previous.invalidate();
		}
		request.getSession(true).setAttribute(PendingLink.ATTRIBUTE, pending.keptAt(this.clock.instant()).text());
	}

	/** Where the browser may end its provider session too, when the provider has that. */
	private void offerEndSession(HttpServletRequest request, OidcUser user) {
		HttpSession session = request.getSession(false);
		this.provider.endSessionEndpoint().ifPresent((endpoint) -> {
			if (session != null) {
				session.setAttribute(ExternalLogins.END_SESSION_ATTRIBUTE,
						UriComponentsBuilder.fromUriString(endpoint)
							.queryParam("id_token_hint", user.getIdToken().getTokenValue())
							.queryParam("client_id", this.properties.clientId())
							.queryParam("post_logout_redirect_uri", base(request) + "/")
							.encode()
							.build()
							.toUriString());
			}
		});
	}

	private String base(HttpServletRequest request) {
		return this.publicUrl.isBlank() ? ServletUriComponentsBuilder.fromContextPath(request).toUriString()
				: this.publicUrl.strip().replaceAll("/+$", "");
	}

	private static void redirect(HttpServletRequest request, HttpServletResponse response, String target) {
		response.setStatus(HttpServletResponse.SC_FOUND);
		response.setHeader(HttpHeaders.LOCATION, request.getContextPath() + target);
	}

}
