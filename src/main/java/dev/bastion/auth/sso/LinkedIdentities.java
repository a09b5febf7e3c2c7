package dev.bastion.auth.sso;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import dev.bastion.account.Account;
import dev.bastion.auth.SsoProperties;
import dev.bastion.auth.login.ExternalLogins;
import dev.bastion.auth.sso.SsoEvents.SsoUnlinked;
import dev.bastion.auth.sso.SsoLinks.Link;
import dev.bastion.auth.totp.Reauthentication;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;
import dev.bastion.system.Secret;

/**
 * The provider identities linked to an account, as its owner sees and removes them:
 * whoever held the password could link an identity of their own, and the owner must be
 * able to see it and take it away. Removing one needs the password (and code), like every
 * change that lasts; the identity the account signs in with at the configured provider is
 * kept when the account cannot sign in without it (password sign-in off for it), since
 * removing it would lock its owner out.
 */
@Service
class LinkedIdentities {

	private final SsoLinks links;

	private final Reauthentication reauthentication;

	private final ExternalLogins logins;

	private final SsoProperties properties;

	private final ApplicationEventPublisher events;

	LinkedIdentities(SsoLinks links, Reauthentication reauthentication, ExternalLogins logins, SsoProperties properties,
			ApplicationEventPublisher events) {
		this.links = links;
		this.reauthentication = reauthentication;
		this.logins = logins;
		this.properties = properties;
		this.events = events;
	}

	List<LinkedIdentity> list(UUID accountId) {
		return this.links.of(accountId).stream().map(this::view).toList();
	}

	/**
	 * @throws BastionException {@code NOT_FOUND} for an id that is not one of the
	 * account's links, {@code CONFLICT} when it is the account's only way in
	 */
	void remove(UUID accountId, UUID id, @Nullable Secret password, @Nullable Secret totpCode) {
		Link link = this.links.of(accountId)
			.stream()
			.filter((candidate) -> candidate.id().equals(id))
			.findFirst()
			.orElseThrow(() -> new BastionException(ErrorCode.NOT_FOUND, "There is no such linked identity."));
		Account account = this.reauthentication.confirm(accountId, password, totpCode);
		if (signsInWith(link) && !this.logins.signsInLocally(account)) {
			throw new BastionException(ErrorCode.CONFLICT, "You sign in here only through this identity:"
					+ " removing it would lock you out of your account.");
		}
		if (!this.links.unlink(accountId, link.issuer(), link.subject())) {
			throw new BastionException(ErrorCode.NOT_FOUND, "There is no such linked identity.");
		}
		this.events.publishEvent(new SsoUnlinked(accountId, account.username(), link.issuer()));
	}

	/** Whether the identity is at the provider sign-in goes through now. */
	private boolean signsInWith(Link link) {
		return this.properties.enabled() && link.issuer().equals(this.properties.issuer());
	}

	private LinkedIdentity view(Link link) {
		return new LinkedIdentity(link.id(), link.issuer(), signsInWith(link) ? this.properties.name() : null,
				link.createdAt(), link.lastLoginAt(), link.withAccount());
	}

	/**
	 * A linked identity as its owner sees it.
	 *
	 * @param provider the provider's name ({@code OIDC_NAME}) when it is the configured
	 * one, null for an identity at an issuer no longer configured
	 * @param madeTheAccount whether the account was made by its first sign-in
	 */
	record LinkedIdentity(UUID id, String issuer, @Nullable String provider, Instant linkedAt, Instant lastSignInAt,
			boolean madeTheAccount) {

	}

}
