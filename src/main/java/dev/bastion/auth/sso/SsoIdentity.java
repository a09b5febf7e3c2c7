package dev.bastion.auth.sso;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.oidc.user.OidcUser;

import dev.bastion.account.Role;
import dev.bastion.auth.SsoProperties;

/**
 * Who the provider says signed in, from its verified ID token (and user info): the
 * identity is the issuer and subject; the e-mail only proposes a link, and only when the
 * provider says it verified it.
 *
 * @param role the role the claim mapping decides, or null when roles are managed in
 * Bastion
 */
record SsoIdentity(String issuer, String subject, @Nullable String email, boolean emailVerified,
		@Nullable String preferredUsername, @Nullable Role role) {

	static SsoIdentity of(OidcUser user, SsoProperties properties) {
		Boolean verified = user.getEmailVerified();
		// Spring's ID token validation requires sub: it is never missing here.
		return new SsoIdentity(String.valueOf(user.getIssuer()), Objects.requireNonNull(user.getSubject()),
				user.getEmail(), Boolean.TRUE.equals(verified), user.getPreferredUsername(), role(user, properties));
	}

	/**
	 * ADMIN when the role claim (a text or a list of texts) holds one of the admin
	 * values, USER otherwise, also when the claim is missing: losing the claim loses the
	 * role.
	 */
	private static @Nullable Role role(OidcUser user, SsoProperties properties) {
		if (!properties.rolesManaged()) {
			return null;
		}
		Object claim = user.getClaims().get(properties.roleClaim());
		List<String> values = switch (claim) {
			case String text -> List.of(text);
			case Collection<?> many -> many.stream().map(String::valueOf).toList();
			case null, default -> List.of();
		};
		return values.stream().anyMatch(properties.adminValues()::contains) ? Role.ADMIN : Role.USER;
	}

	@Override
	public String toString() {
		return "SsoIdentity[issuer=" + this.issuer + ", role=" + this.role + "]";
	}

}
