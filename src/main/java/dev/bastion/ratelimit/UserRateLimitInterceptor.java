package dev.bastion.ratelimit;

import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;

import dev.bastion.ratelimit.RateLimiter.Decision;

/**
 * The per-user limits, once the caller is known and before the handler does any work;
 * with the token {@link RateLimitFilter} already took when the access token named this
 * user. The headers report whichever of the address and user limits is closer to running
 * out.
 */
final class UserRateLimitInterceptor implements HandlerInterceptor {

	private final RateLimiter limiter;

	private final RateLimitResponses responses;

	UserRateLimitInterceptor(RateLimiter limiter, RateLimitResponses responses) {
		this.limiter = limiter;
		this.responses = responses;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws java.io.IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		EndpointClass endpoint = EndpointClass.of(request);
		if (endpoint == null || authentication == null || !authentication.isAuthenticated()
				|| authentication instanceof AnonymousAuthenticationToken) {
			return true;
		}
		String user = authentication.getName();
		Decision decision = takenBefore(request, user);
		if (decision == null) {
			decision = this.limiter.consume(endpoint, "user:" + user);
		}
		if (!decision.allowed()) {
			this.responses.refuse(request, response, decision, "user:" + user, UUID.fromString(user));
			return false;
		}
		if (!(request.getAttribute(RateLimitFilter.DECISION_ATTRIBUTE) instanceof Decision byAddress)
				|| decision.remaining() < byAddress.remaining()) {
			RateLimitResponses.headers(response, decision);
		}
		return true;
	}

	/** The decision {@link RateLimitFilter} took for this user, if it took one. */
	private static @Nullable Decision takenBefore(HttpServletRequest request, String user) {
		Object taken = request.getAttribute(RateLimitFilter.USER_DECISION_ATTRIBUTE);
		return (taken instanceof RateLimitFilter.UserDecision early) ? early.claim(user) : null;
	}

}
