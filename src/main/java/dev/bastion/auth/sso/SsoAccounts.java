package dev.bastion.auth.sso;

import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

import dev.bastion.account.Account;
import dev.bastion.account.AccountAdministration;
import dev.bastion.account.AccountDirectory;
import dev.bastion.account.Profile;
import dev.bastion.account.Registrations;
import dev.bastion.account.Role;
import dev.bastion.auth.AccountTokens;
import dev.bastion.auth.sso.SsoEvents.SsoAccountCreated;
import dev.bastion.auth.sso.SsoEvents.SsoLinked;
import dev.bastion.auth.sso.SsoEvents.SsoRoleChanged;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;

/**
 * Which account a provider identity signs in as. A linked identity signs in as its
 * account; an unknown one is refused unless the provider verified its e-mail; then, when
 * no account has that e-mail, it makes an account, if sign-up allows; when one has it, it
 * is only offered a link, made once the person proves the account's password. A matching
 * e-mail alone never signs anyone in.
 */
@Service
class SsoAccounts {

	private static final Logger logger = LoggerFactory.getLogger(SsoAccounts.class);

	private final SsoLinks links;

	private final AccountDirectory accounts;

	private final Registrations registrations;

	private final AccountAdministration administration;

	private final AccountTokens tokens;

	private final ApplicationEventPublisher events;

	SsoAccounts(SsoLinks links, AccountDirectory accounts, Registrations registrations,
			AccountAdministration administration, AccountTokens tokens, ApplicationEventPublisher events) {
		this.tokens = tokens;
		this.links = links;
		this.accounts = accounts;
		this.registrations = registrations;
		this.administration = administration;
		this.events = events;
	}

	/** What a sign-in by {@code identity} leads to. */
	Outcome resolve(SsoIdentity identity) {
		Optional<UUID> linked = this.links.accountOf(identity.issuer(), identity.subject());
		if (linked.isPresent()) {
			this.links.signedIn(identity.issuer(), identity.subject());
			applyRole(linked.get(), identity.role());
			return new SignIn(linked.get());
		}
		String email = identity.email();
		if (email == null || email.isBlank()) {
			throw new SsoRefusal("no-email", "The provider did not share an e-mail address.");
		}
		if (!identity.emailVerified()) {
			// Every account has an e-mail address, where its reset links go: one the
			// provider has not verified may be someone else's, and must neither be
			// linked nor become a new account's (the same refusal for both, so it
			// tells nobody whether an account has the address).
			throw new SsoRefusal("unverified", "The provider has not verified the e-mail address.");
		}
		Optional<Account> existing = this.accounts.findByEmail(email.strip().toLowerCase(java.util.Locale.ROOT));
		if (existing.isPresent()) {
			return new OfferLink(PendingLink.of(existing.get(), identity));
		}
		return new SignIn(create(identity, email));
	}

	/** Links {@code pending}'s identity to its account, once its password was proven. */
	void link(PendingLink pending, Account account) {
		if (!account.id().equals(pending.accountId())) {
			throw new BastionException(ErrorCode.INVALID_CREDENTIALS, "This sign-in could not be completed.");
		}
		try {
			this.links.link(pending.issuer(), pending.subject(), account.id(), false);
		}
		catch (DuplicateKeyException ex) {
			throw new BastionException(ErrorCode.CONFLICT,
					"This account or this identity is linked already; sign in with the provider.");
		}
		this.events.publishEvent(new SsoLinked(account.id(), account.username(), pending.issuer()));
		applyRole(account.id(), pending.role());
	}

	private UUID create(SsoIdentity identity, String email) {
		try {
			Profile created = this.registrations.registerFederated(identity.preferredUsername(), email,
					(account) -> this.links.link(identity.issuer(), identity.subject(), account.id(), true));
			this.events.publishEvent(new SsoAccountCreated(created.id(), created.username(), identity.issuer()));
			applyRole(created.id(), identity.role());
			return created.id();
		}
		catch (DuplicateKeyException ex) {
			// Two first sign-ins of the same identity at once: the other one made it.
			throw new BastionException(ErrorCode.CONFLICT, "Sign in again.");
		}
	}

	/**
	 * The claim's role, at every sign-in, before the login's tokens are issued; tokens
	 * issued earlier with the other role stop working. A pending account waits for its
	 * approval first; the last active administrator is kept (Bastion never loses it), and
	 * the refusal is logged for the operator.
	 */
	private void applyRole(UUID accountId, @Nullable Role role) {
		Account account = this.accounts.findById(accountId).orElse(null);
		if (role == null || account == null || account.pending() || account.role() == role) {
			return;
		}
		try {
			if (this.administration.setRole(accountId, role)) {
				// As an administrator's change does: no token keeps the old role.
				this.tokens.roleChanged(accountId);
				this.events.publishEvent(new SsoRoleChanged(accountId, account.username(), role.name()));
			}
		}
		catch (BastionException ex) {
			logger.warn("The role claim would demote the last active administrator {}; the role is kept",
					account.username());
		}
	}

	/** What a sign-in leads to. */
	sealed interface Outcome {

	}

	/** Sign in as this account. */
	record SignIn(UUID accountId) implements Outcome {

	}

	/** Offer to link the identity to an account, against its password. */
	record OfferLink(PendingLink pending) implements Outcome {

	}

	/** A sign-in refused for a reason the login page explains ({@code reason}). */
	static final class SsoRefusal extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final String reason;

		SsoRefusal(String reason, String message) {
			super(message, null, false, false);
			this.reason = reason;
		}

		String reason() {
			return this.reason;
		}

	}

}
