package dev.bastion.auth.passkey;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.webauthn4j.converter.exception.DataConversionException;
import com.webauthn4j.verifier.exception.VerificationException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.management.ImmutablePublicKeyCredentialCreationOptionsRequest;
import org.springframework.security.web.webauthn.management.ImmutableRelyingPartyRegistrationRequest;
import org.springframework.security.web.webauthn.management.RelyingPartyPublicKey;

import dev.bastion.account.Account;
import dev.bastion.account.AccountDirectory;
import dev.bastion.auth.passkey.PasskeySecurityEvents.PasskeyAdded;
import dev.bastion.auth.passkey.PasskeySecurityEvents.PasskeyRemoved;
import dev.bastion.auth.totp.Reauthentication;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;
import dev.bastion.system.InvalidInputException;
import dev.bastion.system.Secret;

/**
 * An account's passkeys: made after re-authentication (password, and code when two-factor
 * authentication is on), listed, removed. Verification is Spring Security's
 * ({@code Webauthn4JRelyingPartyOperations}); this class decides who may do what.
 */
public final class Passkeys {

	/** Passkeys one account may hold. */
	static final int MAX_PER_ACCOUNT = 20;

	private static final int MAX_NAME = 64;

	private final RelyingPartyOperations operations;

	private final PasskeyUsers users;

	private final PasskeyCredentials credentials;

	private final PasskeyChallenges challenges;

	private final Reauthentication reauthentication;

	private final AccountDirectory accounts;

	private final ApplicationEventPublisher events;

	Passkeys(RelyingPartyOperations operations, PasskeyUsers users, PasskeyCredentials credentials,
			PasskeyChallenges challenges, Reauthentication reauthentication, AccountDirectory accounts,
			ApplicationEventPublisher events) {
		this.operations = operations;
		this.users = users;
		this.credentials = credentials;
		this.challenges = challenges;
		this.reauthentication = reauthentication;
		this.accounts = accounts;
		this.events = events;
	}

	/**
	 * Options for {@code navigator.credentials.create()}, once the caller proved it is
	 * them.
	 */
	JsonNode registrationOptions(UUID accountId, @Nullable Secret password, @Nullable Secret totpCode) {
		Account account = this.reauthentication.confirm(accountId, password, totpCode);
		if (list(accountId).size() >= MAX_PER_ACCOUNT) {
			throw new BastionException(ErrorCode.CONFLICT,
					"You have " + MAX_PER_ACCOUNT + " passkeys; remove one before adding another.");
		}
		PublicKeyCredentialCreationOptions options = creationOptions(account);
		this.challenges.remember(options.getChallenge(), accountId);
		return PasskeyJson.write(options);
	}

	/** Verifies and stores a new passkey made with a challenge this account was given. */
	PasskeyView register(UUID accountId, @Nullable String name, @Nullable String challenge,
			@Nullable JsonNode credential) {
		String label = name(name);
		var attestation = PasskeyJson.attestation(credential);
		if (!this.challenges.consume(challenge, accountId)) {
			throw new InvalidInputException("challenge", "is not one this account was given, or has expired");
		}
		Account account = account(accountId);
		PublicKeyCredentialCreationOptions options = PasskeyOptions.withChallenge(creationOptions(account),
				Bytes.fromBase64(challenge));
		if (this.credentials.findByCredentialId(attestation.getRawId()) != null) {
			throw new BastionException(ErrorCode.CONFLICT, "This passkey is already registered.");
		}
		CredentialRecord record;
		try {
			record = this.operations.get()
				.registerCredential(new ImmutableRelyingPartyRegistrationRequest(options,
						new RelyingPartyPublicKey(attestation, label)));
		}
		catch (VerificationException | DataConversionException | IllegalArgumentException ex) {
			throw new InvalidInputException(PasskeyJson.CREDENTIAL, "could not be verified for this site");
		}
		this.events.publishEvent(new PasskeyAdded(accountId, account.username()));
		return PasskeyView.of(record);
	}

	List<PasskeyView> list(UUID accountId) {
		return list(this.users, this.credentials, accountId);
	}

	/** The account's passkeys, for its owner and its data export. */
	public static List<PasskeyView> list(PasskeyUsers users, PasskeyCredentials credentials, UUID accountId) {
		return users.handleOf(accountId)
			.map((handle) -> credentials.findByUserId(handle).stream().map(PasskeyView::of).toList())
			.orElse(List.of());
	}

	/**
	 * Removes one of the account's passkeys, once the password (and code, when on) is
	 * given, as for adding one: a sign-in method is not taken away on a token alone (a
	 * stolen one). Another account's is not found, before any password is checked.
	 */
	void remove(UUID accountId, String id, @Nullable Secret password, @Nullable Secret totpCode) {
		Bytes credentialId = PasskeyView.credentialId(id);
		CredentialRecord record = (credentialId != null) ? this.credentials.findByCredentialId(credentialId) : null;
		if (record == null || !this.users.handleOf(accountId).map(record.getUserEntityUserId()::equals).orElse(false)) {
			throw new BastionException(ErrorCode.NOT_FOUND, "You have no such passkey.");
		}
		Account account = this.reauthentication.confirm(accountId, password, totpCode);
		this.credentials.delete(record.getCredentialId());
		this.events.publishEvent(new PasskeyRemoved(accountId, account.username()));
	}

	private Account account(UUID accountId) {
		return this.accounts.findById(accountId)
			.orElseThrow(() -> new BastionException(ErrorCode.NOT_FOUND, "This account no longer exists."));
	}

	private PublicKeyCredentialCreationOptions creationOptions(Account account) {
		return this.operations.get()
			.createPublicKeyCredentialCreationOptions(new ImmutablePublicKeyCredentialCreationOptionsRequest(
					UsernamePasswordAuthenticationToken.authenticated(account.username(), null, List.of())));
	}

	private static String name(@Nullable String name) {
		String stripped = (name != null) ? name.strip() : "";
		if (stripped.isEmpty() || stripped.length() > MAX_NAME || stripped.chars().anyMatch(Character::isISOControl)) {
			throw new InvalidInputException("name",
					"must be 1 to " + MAX_NAME + " characters, without control characters");
		}
		return stripped;
	}

	/**
	 * A passkey as its owner sees it: {@code id} is the credential id (base64url),
	 * {@code last_used_at} null until its first sign-in.
	 */
	public record PasskeyView(String id, String name, Instant createdAt, @Nullable Instant lastUsedAt) {

		private static final int MAX_ID = 1400;

		static PasskeyView of(CredentialRecord record) {
			Instant created = record.getCreated();
			Instant used = record.getLastUsed();
			return new PasskeyView(record.getCredentialId().toBase64UrlString(), record.getLabel(), created,
					(used == null || used.equals(created)) ? null : used);
		}

		static @Nullable Bytes credentialId(String id) {
			if (id.isEmpty() || id.length() > MAX_ID || !id.matches("[A-Za-z0-9_-]+")) {
				return null;
			}
			try {
				return Bytes.fromBase64(id);
			}
			catch (IllegalArgumentException ex) {
				// Base64url letters that do not make bytes (a length of 4n+1).
				return null;
			}
		}

	}

}
