package dev.bastion.auth.sso;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.bastion.system.InsecureConfigurationException;

/**
 * Single sign-on settings; all unset means off.
 *
 * @param issuer the provider's issuer URL, its discovery document under
 * {@code /.well-known/openid-configuration} ({@code OIDC_ISSUER}; https in production)
 * @param clientId Bastion's client id at the provider ({@code OIDC_CLIENT_ID})
 * @param clientSecret its secret ({@code OIDC_CLIENT_SECRET} or
 * {@code OIDC_CLIENT_SECRET_FILE})
 * @param scopes the scopes asked for ({@code OIDC_SCOPES}, {@code openid,email,profile};
 * must hold {@code openid})
 * @param name the provider's name on the login button ({@code OIDC_NAME}, {@code SSO})
 * @param roleClaim the ID token claim that decides the role at every sign-in
 * ({@code OIDC_ROLE_CLAIM}, e.g. {@code groups}); unset, roles are managed in Bastion
 * @param adminValues values of that claim that make an administrator
 * ({@code OIDC_ADMIN_VALUES}, comma list)
 * @param requireHttps whether the issuer must be an https URL (production)
 */
@ConfigurationProperties("bastion.sso")
record SsoProperties(@Nullable String issuer, @Nullable String clientId, @Nullable String clientSecret,
		List<String> scopes, String name, @Nullable String roleClaim, List<String> adminValues, boolean requireHttps) {

	private static final int MAX_NAME = 40;

	SsoProperties {
		scopes = scopes.stream().map(String::strip).filter((scope) -> !scope.isEmpty()).toList();
		adminValues = adminValues.stream().map(String::strip).filter((value) -> !value.isEmpty()).toList();
		name = name.strip();
		if (enabled(issuer) || enabled(clientId) || enabled(clientSecret)) {
			validate(issuer, clientId, clientSecret, scopes, name, requireHttps);
			if (enabled(roleClaim) && adminValues.isEmpty()) {
				throw new InsecureConfigurationException("OIDC_ADMIN_VALUES", "is empty while OIDC_ROLE_CLAIM is set",
						"Name the values of the claim that make an administrator, e.g. OIDC_ADMIN_VALUES=bastion-admins.");
			}
		}
	}

	/** Whether single sign-on is configured. */
	boolean enabled() {
		return enabled(this.issuer);
	}

	/** Whether the role claim decides the role (else roles are managed in Bastion). */
	boolean rolesManaged() {
		return enabled(this.roleClaim);
	}

	private static void validate(@Nullable String issuer, @Nullable String clientId, @Nullable String clientSecret,
			List<String> scopes, String name, boolean requireHttps) {
		for (String[] setting : new String[][] { { "OIDC_ISSUER", issuer }, { "OIDC_CLIENT_ID", clientId },
				{ "OIDC_CLIENT_SECRET", clientSecret } }) {
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

	@Override
	public String toString() {
		return "SsoProperties[issuer=" + this.issuer + ", clientId=" + this.clientId + ", clientSecret=<redacted>]";
	}

}
