package dev.bastion.auth.sso;

import java.util.Objects;

import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

import dev.bastion.auth.SsoProperties;

/**
 * Bastion's one client registration, made from {@code OIDC_*} and the provider's
 * discovery document (whose issuer must be the configured one). Discovered at the first
 * sign-in rather than at start-up, so that a provider that is down does not keep Bastion
 * from starting; a failed discovery is tried again at the next sign-in.
 */
final class DiscoveredProvider implements ClientRegistrationRepository {

	static final String REGISTRATION_ID = "oidc";

	static final String CALLBACK_BASE = "/web/sso/callback";

	private static final Logger logger = LoggerFactory.getLogger(DiscoveredProvider.class);

	private final SsoProperties properties;

	private final String redirectUri;

	private volatile @Nullable ClientRegistration registration;

	/**
	 * @param publicUrl {@code PUBLIC_URL}, or blank to answer at the address the browser
	 * used
	 */
	DiscoveredProvider(SsoProperties properties, String publicUrl) {
		this.properties = properties;
		String base = publicUrl.isBlank() ? "{baseUrl}" : publicUrl.strip().replaceAll("/+$", "");
		this.redirectUri = base + CALLBACK_BASE + "/{registrationId}";
	}

	@Override
	public @Nullable ClientRegistration findByRegistrationId(String registrationId) {
		return REGISTRATION_ID.equals(registrationId) ? registration() : null;
	}

	/** The provider's {@code end_session_endpoint}, if it has one. */
	Optional<String> endSessionEndpoint() {
		ClientRegistration found = registration();
		return Optional.ofNullable(found)
			.map((client) -> client.getProviderDetails().getConfigurationMetadata().get("end_session_endpoint"))
			.map(String::valueOf);
	}

	private @Nullable ClientRegistration registration() {
		ClientRegistration found = this.registration;
		if (found != null) {
			return found;
		}
		synchronized (this) {
			if (this.registration == null) {
				this.registration = discover();
			}
			return this.registration;
		}
	}

	private @Nullable ClientRegistration discover() {
		try {
			return ClientRegistrations.fromOidcIssuerLocation(String.valueOf(this.properties.issuer()).strip())
				.registrationId(REGISTRATION_ID)
				.clientId(String.valueOf(this.properties.clientId()))
				.clientSecret(String.valueOf(Objects.requireNonNull(this.properties.clientSecret()).reveal()))
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
				.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
				.redirectUri(this.redirectUri)
				.scope(this.properties.scopes())
				.clientName(this.properties.name())
				// PKCE even though Bastion is a confidential client: a stolen code is
				// useless without the verifier kept in this browser's session.
				.clientSettings(ClientRegistration.ClientSettings.builder().requireProofKey(true).build())
				.build();
		}
		catch (RuntimeException ex) {
			// The exception's message may quote what the provider answered: only its kind
			// is logged.
			logger.warn("The single sign-on provider's discovery document could not be read ({})",
					ex.getClass().getSimpleName());
			return null;
		}
	}

}
