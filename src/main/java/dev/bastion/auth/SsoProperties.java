package dev.bastion.auth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import dev.bastion.system.InsecureConfigurationException;
import dev.bastion.system.Secret;

/**
 * Single sign-on settings; all unset means off.
 *
 * @param issuer The OpenID provider's issuer URL (its discovery document is {@code
 * <issuer>/.well-known/openid-configuration}, read at the first sign-in, and its {@code
 * issuer} must be this exact value). Set, it turns on [single
 * sign-on](security-model.md#single-sign-on-openid-connect) with {@code OIDC_CLIENT_ID}
 * and {@code OIDC_CLIENT_SECRET}: all three or none, anything in between is refused at
 * start-up. Must be {@code https://} in production; no query or fragment. Register
 * Bastion at the provider with the redirect URI {@code
 * <PUBLIC_URL>/web/sso/callback/oidc} (without {@code PUBLIC_URL}, the address the
 * browser uses) and, for logout, the post-logout redirect URI {@code <PUBLIC_URL>/}.
 * @param clientId Bastion's client at the provider (a confidential client, authenticated
 * with {@code client_secret_basic}; PKCE is used as well).
 * @param clientSecret The secret of Bastion's client at the provider. May come from
 * {@code OIDC_CLIENT_SECRET_FILE}; it is never logged.
 * @param scopes Scopes asked for; must contain {@code openid}. Bastion needs the {@code
 * email} and {@code email_verified} claims to make or link an account.
 * @param name The provider's name on the login page's "Sign in with …" button and the
 * linking screen; 1 to 40 characters.
 * @param roleClaim The ID-token (or user-info) claim that decides the role at every
 * single sign-on (a text or a list of texts, e.g. {@code groups}): holding one of {@code
 * OIDC_ADMIN_VALUES}, the account becomes {@code ADMIN}; holding none, or missing the
 * claim, {@code USER}. The role follows the claim at each sign-in (tokens with the old
 * role stop working); the last active administrator is never demoted. Unset, roles are
 * managed in Bastion only.
 * @param adminValues The comma-separated values of {@code OIDC_ROLE_CLAIM} that make an
 * administrator (e.g. {@code bastion-admins}). A role claim without values is refused at
 * start-up.
 * @param requireHttps whether the issuer must be an https URL (production)
 * @param publicUrl where users reach Bastion ({@code PUBLIC_URL}), for the redirect URIs;
 * unset, the address the browser uses
 */
@ConfigurationProperties("bastion.sso")
@Validated
public record SsoProperties(@Nullable String issuer, @Nullable String clientId, @Nullable Secret clientSecret,
		@DefaultValue( {
				"openid", "email", "profile" }) List<String> scopes,
		@DefaultValue("SSO") String name, @Nullable String roleClaim, @DefaultValue List<String> adminValues,
		boolean requireHttps, @Nullable String publicUrl){

	private static final int MAX_NAME = 40;

	public SsoProperties {
		scopes = List.copyOf(scopes.stream().map(String::strip).filter((scope) -> !scope.isEmpty()).toList());
		adminValues = List.copyOf(adminValues.stream().map(String::strip).filter((value) -> !value.isEmpty()).toList());
		name = name.strip();
		if (enabled(issuer) || enabled(clientId) || clientSecret != null && !clientSecret.isBlank()) {
			validate(issuer, clientId, clientSecret, scopes, name, requireHttps);
			if (enabled(roleClaim) && adminValues.isEmpty()) {
				throw new InsecureConfigurationException("OIDC_ADMIN_VALUES", "is empty while OIDC_ROLE_CLAIM is set",
						"Name the values of the claim that make an administrator, e.g. OIDC_ADMIN_VALUES=bastion-admins.");
			}
		}
	}

	/** Whether single sign-on is configured. */
	public boolean enabled() {
		return enabled(this.issuer);
	}

	/** Whether the role claim decides the role (else roles are managed in Bastion). */
	public boolean rolesManaged() {
		return enabled(this.roleClaim);
	}

	private static void validate(@Nullable String issuer, @Nullable String clientId, @Nullable Secret clientSecret,
			List<String> scopes, String name, boolean requireHttps) {
		String secret = Secret.revealed(clientSecret);
		for (String[] setting : new String[][] { { "OIDC_ISSUER", issuer }, { "OIDC_CLIENT_ID", clientId },
				{ "OIDC_CLIENT_SECRET", secret } }) {
			if (!enabled(setting[1])) {
				throw new InsecureConfigurationException(setting[0], "is missing while single sign-on is configured",
						"Set all of OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET (or OIDC_CLIENT_SECRET_FILE),"
								+ " or none of them.");
			}
		}
		issuerUri(issuer, requireHttps);
		if (!scopes.contains("openid")) {
			throw new InsecureConfigurationException("OIDC_SCOPES", "does not contain openid",
					"Use the default openid,email,profile, or any list that holds openid.");
		}
		if (name.isEmpty() || name.length() > MAX_NAME) {
			throw new InsecureConfigurationException("OIDC_NAME", "must be 1 to 40 characters",
					"Name the provider as your users know it, e.g. OIDC_NAME=Acme.");
		}
	}

	private static URI issuerUri(@Nullable String issuer, boolean requireHttps) {
		try {
			URI uri = new URI(String.valueOf(issuer).strip());
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
			if (uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null
					|| !(scheme.equals("https") || scheme.equals("http") && !requireHttps)) {
				throw new URISyntaxException(String.valueOf(issuer), "not an issuer");
			}
			return uri;
		}
		catch (URISyntaxException ex) {
			throw new InsecureConfigurationException("OIDC_ISSUER",
					requireHttps ? "must be an https URL without query or fragment"
							: "must be an http(s) URL without query or fragment",
					"Use the issuer your provider publishes, e.g. https://login.example.com/realms/main.");
		}
	}

	private static boolean enabled(@Nullable String value) {
		return value != null && !value.isBlank();
	}

}
