package dev.bastion.auth.passkey;

import java.util.Optional;
import java.util.UUID;

import com.webauthn4j.converter.exception.DataConversionException;
import com.webauthn4j.verifier.exception.MaliciousCounterValueException;
import com.webauthn4j.verifier.exception.VerificationException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.web.webauthn.api.AuthenticatorAssertionResponse;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.PublicKeyCredential;
import org.springframework.security.web.webauthn.management.RelyingPartyAuthenticationRequest;

import dev.bastion.account.Account;
import dev.bastion.account.AccountDirectory;
import dev.bastion.auth.passkey.PasskeyCredentials.CounterWentBackwards;
import dev.bastion.auth.passkey.PasskeySecurityEvents.PasskeyCounterRegressed;

/**
 * Verifying a passkey's assertion, for a sign-in with the passkey alone and for a passkey
 * as the second step of a password login: Spring Security's WebAuthn support checks the
 * signature, origin, relying party and user verification; Bastion adds the single-use
 * challenge, the user handle and the counter that only moves forward.
 */
public final class PasskeyAssertions {

	private final RelyingPartyOperations operations;

	private final PasskeyUsers users;

	private final PasskeyCredentials credentials;

	private final PasskeyChallenges challenges;

	private final AccountDirectory accounts;

	private final ApplicationEventPublisher events;

	PasskeyAssertions(RelyingPartyOperations operations, PasskeyUsers users, PasskeyCredentials credentials,
			PasskeyChallenges challenges, AccountDirectory accounts, ApplicationEventPublisher events) {
		this.operations = operations;
		this.users = users;
		this.credentials = credentials;
		this.challenges = challenges;
		this.accounts = accounts;
		this.events = events;
	}

	/**
	 * Options for {@code navigator.credentials.get()}, with a fresh single-use challenge.
	 */
	public JsonNode signInOptions() {
		RelyingParty party = this.operations.party();
		Bytes challenge = Bytes.random();
		this.challenges.remember(challenge, null);
		return PasskeyJson.write(PasskeyOptions.signIn(party, challenge));
	}

	/**
	 * The passkey a sign-in's assertion claims to be made with, and its account. A
	 * passkey removed, never registered, or made for another site names no account
	 * ({@link Unknown}), and the challenge is spent all the same.
	 */
	public Claim claim(@Nullable String challenge, @Nullable JsonNode credential) {
		this.operations.party();
		PublicKeyCredential<AuthenticatorAssertionResponse> assertion = PasskeyJson.assertion(credential);
		CredentialRecord record = record(assertion);
		Optional<Account> owner = Optional.ofNullable(record)
			.flatMap((found) -> this.users.accountOf(found.getUserEntityUserId()))
			.flatMap(this.accounts::findById);
		if (record == null || owner.isEmpty()) {
			this.challenges.consume(challenge, null);
			return new Unknown(assertion);
		}
		return new Known(assertion, record, owner.get());
	}

	/**
	 * Null when the claim's assertion proves its passkey here and now, else why not. Only
	 * a claim that names an account has anything to verify: the caller refuses an
	 * {@link Unknown} one itself, whose challenge {@link #claim} has already spent.
	 */
	public @Nullable String verify(@Nullable String challenge, Known claim) {
		return verify(challenge, claim.assertion, claim.record, claim.account);
	}

	/** The stored passkey an assertion claims to be made with, if there is one. */
	@Nullable CredentialRecord record(PublicKeyCredential<AuthenticatorAssertionResponse> assertion) {
		return this.credentials.findByCredentialId(assertion.getRawId());
	}

	/** Whether the account holds a passkey (never, while passkeys are off). */
	public boolean held(UUID accountId) {
		return this.operations.enabled() && this.users.handleOf(accountId)
			.map((handle) -> !this.credentials.findByUserId(handle).isEmpty())
			.orElse(false);
	}

	/**
	 * A passkey as the second step of {@code account}'s password login: null when the
	 * assertion proves one of the account's passkeys here and now, else why not.
	 */
	public @Nullable String secondStep(Account account, @Nullable String challenge, @Nullable JsonNode credential) {
		this.operations.party();
		PublicKeyCredential<AuthenticatorAssertionResponse> assertion = PasskeyJson.assertion(credential);
		CredentialRecord record = record(assertion);
		if (record == null
				|| !this.users.handleOf(account.id()).map(record.getUserEntityUserId()::equals).orElse(false)) {
			// Unknown, removed, or another account's: the challenge is spent all the
			// same.
			this.challenges.consume(challenge, null);
			return "passkey-unknown";
		}
		return verify(challenge, assertion, record, account);
	}

	/** Null when the assertion proves the passkey here and now, else why not. */
	@Nullable String verify(@Nullable String challenge, PublicKeyCredential<AuthenticatorAssertionResponse> assertion,
			CredentialRecord record, Account account) {
		RelyingParty party = this.operations.party();
		if (!this.challenges.consume(challenge, null)) {
			return "passkey-challenge";
		}
		Bytes handle = assertion.getResponse().getUserHandle();
		if (handle != null && !handle.equals(record.getUserEntityUserId())) {
			// Spring does not compare them: the account is the credential's, whatever the
			// response claims, and a response that claims another is refused.
			return "passkey-user-handle";
		}
		try {
			this.operations.get()
				.authenticate(new RelyingPartyAuthenticationRequest(
						PasskeyOptions.signIn(party, Bytes.fromBase64(challenge)), assertion));
			return null;
		}
		catch (CounterWentBackwards | MaliciousCounterValueException ex) {
			this.events.publishEvent(new PasskeyCounterRegressed(account.id(), account.username()));
			return "passkey-counter";
		}
		catch (VerificationException | DataConversionException | IllegalArgumentException ex) {
			return "passkey";
		}
	}

	/**
	 * A sign-in's assertion: {@link Known} when it names a passkey of this site and its
	 * account, else {@link Unknown}.
	 */
	public abstract static sealed class Claim permits Known, Unknown {

		final PublicKeyCredential<AuthenticatorAssertionResponse> assertion;

		Claim(PublicKeyCredential<AuthenticatorAssertionResponse> assertion) {
			this.assertion = assertion;
		}

		/** The credential id the browser sent (base64url). */
		public String credentialId() {
			return this.assertion.getRawId().toBase64UrlString();
		}

	}

	/** An assertion that names a passkey of this site, with the account that holds it. */
	public static final class Known extends Claim {

		private final CredentialRecord record;

		private final Account account;

		Known(PublicKeyCredential<AuthenticatorAssertionResponse> assertion, CredentialRecord record, Account account) {
			super(assertion);
			this.record = record;
			this.account = account;
		}

		/** The account whose passkey this is. */
		public Account account() {
			return this.account;
		}

	}

	/** An assertion made with a passkey removed, never registered, or of another site. */
	static final class Unknown extends Claim {

		Unknown(PublicKeyCredential<AuthenticatorAssertionResponse> assertion) {
			super(assertion);
		}

	}

}
