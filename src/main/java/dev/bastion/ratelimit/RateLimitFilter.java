package dev.bastion.ratelimit;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

import dev.bastion.auth.CallerHints;
import dev.bastion.ratelimit.RateLimiter.Decision;
import dev.bastion.system.BastionException;

/**
 * The per-address limits, decided before authentication or any other work: a banned
 * address is refused, then the emergency limit, then the endpoint's limit for this
 * address; a registration then also needs a token of its IPv6 /48 and of everyone's
 * registration bucket ({@link RegistrationLimits}). A refused login or registration
 * computes no password hash.
 * <p>
 * When the buckets are remote (in Redis) and the request's access token names a user
 * ({@link CallerHints}), the user's token is taken here too, in the same round trip, and
 * {@link UserRateLimitInterceptor} decides with it once authentication agrees. A token
 * taken for a request that is then refused, or never reaches the interceptor (failed
 * authentication, for one), is given back: the user's bucket counts exactly the requests
 * it did before.
 */
final class RateLimitFilter extends OncePerRequestFilter {

	static final String DECISION_ATTRIBUTE = RateLimitFilter.class.getName() + ".decision";

	static final String USER_DECISION_ATTRIBUTE = RateLimitFilter.class.getName() + ".userDecision";

	private static final String EMERGENCY_SWITCH = "/api/v1/admin/emergency-limit";

	private static final UrlPathHelper PATHS = new UrlPathHelper();

	private final RateLimiter limiter;

	private final EmergencyLimit emergency;

	private final Bans bans;

	private final RateLimitResponses responses;

	private final CallerHints callers;

	private final RegistrationLimits registrations;

	RateLimitFilter(RateLimiter limiter, EmergencyLimit emergency, Bans bans, RateLimitResponses responses,
			CallerHints callers, RegistrationLimits registrations) {
		this.limiter = limiter;
		this.emergency = emergency;
		this.bans = bans;
		this.responses = responses;
		this.callers = callers;
		this.registrations = registrations;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			limit(request, response, chain);
		}
		catch (BastionException ex) {
			// Shared state unreachable under the closed policy: refuse rather than guess.
			this.responses.unavailable(request, response, ex);
		}
	}

	/**
	 * The caller's ban. When the shared state cannot say (Redis away under the closed
	 * policy), a limited request is refused, but an unlimited one (the liveness probe, a
	 * page, an asset) is not refused for it: otherwise every instance's liveness probe
	 * would fail with Redis, and an orchestrator would restart them all in a loop.
	 */
	private Optional<Bans.Ban> banOf(String address, @Nullable EndpointClass endpoint) {
		try {
			return this.bans.active(address);
		}
		catch (BastionException ex) {
			if (endpoint != null) {
				throw ex;
			}
			return Optional.empty();
		}
	}

	private void limit(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String address = ClientAddresses.key(request.getRemoteAddr());
		EndpointClass endpoint = EndpointClass.of(request);
		Optional<Bans.Ban> ban = banOf(address, endpoint);
		if (ban.isPresent()) {
			this.responses.banned(request, response, ban.get());
			return;
		}
		if (endpoint == null) {
			chain.doFilter(request, response);
			return;
		}
		// Admins must be able to switch the brake off while it is on.
		boolean switchingTheBrake = "PUT".equals(request.getMethod())
				&& EMERGENCY_SWITCH.equals(PATHS.getPathWithinApplication(request));
		Decision emergencyDecision = switchingTheBrake ? null : this.emergency.consume();
		if (emergencyDecision != null && !emergencyDecision.allowed()) {
			refuse(request, response, emergencyDecision, "global");
			return;
		}
		// In memory a second bucket costs nothing to reach: the interceptor takes it.
		String user = this.limiter.remote() ? this.callers.userOf(request) : null;
		if (user == null) {
			Decision decision = this.limiter.consume(endpoint, "ip:" + address);
			if (decision.allowed()) {
				admit(request, response, chain, endpoint, address, decision);
			}
			else {
				refuse(request, response, decision, address);
			}
			return;
		}
		List<Decision> decisions = this.limiter.consume(endpoint, "ip:" + address, "user:" + user);
		UserDecision taken = new UserDecision(user, decisions.get(1));
		try {
			if (decisions.get(0).allowed()) {
				request.setAttribute(USER_DECISION_ATTRIBUTE, taken);
				admit(request, response, chain, endpoint, address, decisions.get(0));
			}
			else {
				refuse(request, response, decisions.get(0), address);
			}
		}
		finally {
			if (taken.decision().allowed() && !taken.claimed()) {
				this.limiter.giveBack(taken.decision());
			}
		}
	}

	/**
	 * Serves a request its address's bucket allowed; a registration must also pass the
	 * coarser buckets of {@link RegistrationLimits}.
	 */
	private void admit(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
			EndpointClass endpoint, String address, Decision byAddress) throws ServletException, IOException {
		Decision decision = byAddress;
		if (endpoint == EndpointClass.REGISTER) {
			RegistrationLimits.Outcome outcome = this.registrations.consume(request.getRemoteAddr(), byAddress);
			String refused = outcome.refused();
			if (refused != null) {
				refuse(request, response, outcome.decision(), refused);
				return;
			}
			decision = outcome.decision();
		}
		RateLimitResponses.headers(response, decision);
		request.setAttribute(DECISION_ATTRIBUTE, decision);
		chain.doFilter(request, response);
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, Decision decision, String subject)
			throws IOException {
		this.responses.refuse(request, response, decision, subject, null);
	}

	/**
	 * The decision on a user's bucket, taken before authentication; the interceptor
	 * claims it when the authenticated user is the one the hint named.
	 */
	static final class UserDecision {

		private final String user;

		private final Decision decision;

		private volatile boolean claimed;

		UserDecision(String user, Decision decision) {
			this.user = user;
			this.decision = decision;
		}

		@Nullable Decision claim(String authenticatedUser) {
			if (!this.user.equals(authenticatedUser)) {
				return null;
			}
			this.claimed = true;
			return this.decision;
		}

		Decision decision() {
			return this.decision;
		}

		boolean claimed() {
			return this.claimed;
		}

	}

}
