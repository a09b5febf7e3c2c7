package dev.bastion.ratelimit;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

import dev.bastion.ratelimit.RateLimiter.Decision;
import dev.bastion.system.BastionException;

/**
 * The per-address limits, decided before authentication or any other work: a banned
 * address is refused, then the emergency limit, then the endpoint's limit for this
 * address. A refused login computes no password hash.
 */
final class RateLimitFilter extends OncePerRequestFilter {

	static final String DECISION_ATTRIBUTE = RateLimitFilter.class.getName() + ".decision";

	private static final String EMERGENCY_SWITCH = "/api/v1/admin/emergency-limit";

	private static final UrlPathHelper PATHS = new UrlPathHelper();

	private final RateLimiter limiter;

	private final EmergencyLimit emergency;

	private final Bans bans;

	private final RateLimitResponses responses;

	RateLimitFilter(RateLimiter limiter, EmergencyLimit emergency, Bans bans, RateLimitResponses responses) {
		this.limiter = limiter;
		this.emergency = emergency;
		this.bans = bans;
		this.responses = responses;
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

	private void limit(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String address = ClientAddresses.key(request.getRemoteAddr());
		Optional<Bans.Ban> ban = this.bans.active(address);
		if (ban.isPresent()) {
			this.responses.banned(request, response, ban.get());
			return;
		}
		EndpointClass endpoint = EndpointClass.of(request);
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
		Decision decision = this.limiter.consume(endpoint, "ip:" + address);
		if (!decision.allowed()) {
			refuse(request, response, decision, address);
			return;
		}
		RateLimitResponses.headers(response, decision);
		request.setAttribute(DECISION_ATTRIBUTE, decision);
		chain.doFilter(request, response);
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, Decision decision, String subject)
			throws IOException {
		this.responses.refuse(request, response, decision, subject, null);
	}

}
