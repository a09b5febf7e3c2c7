package dev.bastion.account;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The account an authenticated call is made for, as the gates that hold an account to one
 * task (a password change, a second factor) need it: none for an anonymous call or one of
 * the calls left open to a held account.
 */
public final class CallingAccount {

	private CallingAccount() {
	}

	/**
	 * @param open the calls a held account may still make, as {@code METHOD path}
	 */
	public static Optional<UUID> unlessOpen(HttpServletRequest request, Set<String> open) {
		Authentication caller = SecurityContextHolder.getContext().getAuthentication();
		if (caller == null || !caller.isAuthenticated() || caller instanceof AnonymousAuthenticationToken
				|| open.contains(request.getMethod() + " " + request.getRequestURI())) {
			return Optional.empty();
		}
		try {
			return Optional.of(UUID.fromString(caller.getName()));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}
