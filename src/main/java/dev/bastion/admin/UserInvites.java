package dev.bastion.admin;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import dev.bastion.account.EmailAddress;
import dev.bastion.account.Invitations;
import dev.bastion.auth.AuthProperties;
import dev.bastion.account.Invitations.NewInvite;
import dev.bastion.account.Username;
import dev.bastion.audit.AdminAction;
import dev.bastion.audit.SecurityEvent.Severity;
import dev.bastion.system.InvalidInputException;
import dev.bastion.system.Secret;

/**
 * Creating a user by invite link, shared by the admin API and the command line: an invite
 * bound to the person's e-mail address, whose link opens the web UI's register screen
 * where they choose their own password. The account is active at once in every
 * {@code REGISTRATION} mode, since an administrator vouched for it. The code travels only
 * in the link's fragment (never sent to a server) and is never logged or audited.
 */
@Service
class UserInvites {

	private final Invitations invitations;

	private final ApplicationEventPublisher events;

	private final URI registerPage;

	UserInvites(Invitations invitations, ApplicationEventPublisher events, AuthProperties auth) {
		this.invitations = invitations;
		this.events = events;
		this.registerPage = auth.publicUrl().resolve("/");
	}

	/**
	 * An invite for {@code email}, valid {@code expiresIn} seconds (7 days by default).
	 * {@code username}, when given, is checked and filled into the register screen: the
	 * person may still pick another, as invites bind only the e-mail address. An invite
	 * always makes a {@code USER}; an administrator promotes the account once it exists.
	 */
	InvitedUser invite(@Nullable UUID actor, @Nullable String username, @Nullable String email, @Nullable String role,
			@Nullable Long expiresIn) {
		if (role != null && !role.isBlank() && !role.strip().equalsIgnoreCase("user")) {
			throw new InvalidInputException("role",
					"must be USER for an invite link: make the account an administrator once it is registered");
		}
		if (email == null || email.isBlank()) {
			throw new InvalidInputException("email",
					"is required: an invite link is bound to the user's e-mail address");
		}
		String address = EmailAddress.of(email).value();
		String name = (username != null && !username.isBlank()) ? Username.of(username).value() : null;
		NewInvite created = this.invitations.create(actor, address, expiresIn);
		this.events.publishEvent(new AdminAction(actor, "invite-user", created.invite().id().toString(),
				Severity.WARNING, Map.of("email_bound", true)));
		String link = this.registerPage + "#/register?invite=" + created.code().reveal() + "&email=" + encoded(address)
				+ ((name != null) ? "&username=" + encoded(name) : "");
		return new InvitedUser(created.invite().id(), name, address, Secret.of(link), created.invite().expiresAt());
	}

	private static String encoded(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/**
	 * A new invite link, which exists only here.
	 *
	 * @param username the username filled into the register screen, if any
	 */
	record InvitedUser(UUID inviteId, @Nullable String username, String email, Secret link, Instant expiresAt) {

	}

}
