package dev.bastion.auth;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Who a request's Bearer access token names, for work that must start before
 * authentication: rate limiting takes the user's bucket together with the address's. Only
 * a token this instance has verified before and that has not expired gives a hint;
 * revocation is not checked, so a hint is not an authentication and may turn out wrong.
 */
@FunctionalInterface
public interface CallerHints {

	/** The user id the request's access token names, or null when there is no hint. */
	@Nullable String userOf(HttpServletRequest request);

}
