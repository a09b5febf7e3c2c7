package dev.bastion.ratelimit;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ProblemDetail;

import dev.bastion.ratelimit.RateLimiter.Decision;
import dev.bastion.system.ErrorCode;
import dev.bastion.web.ProblemResponses;

/**
 * The rate-limit headers on every limited response, and the 429 when a limit is reached.
 */
final class RateLimitResponses {

	static final String POLICY_HEADER = "RateLimit-Policy";

	static final String HEADER = "RateLimit";

	private final ProblemResponses problems;

	RateLimitResponses(ProblemResponses problems) {
		this.problems = problems;
	}

	static void headers(HttpServletResponse response, Decision decision) {
		response.setHeader(POLICY_HEADER, decision.policy().policyHeader());
		response.setHeader(HEADER, decision.header());
	}

	void refuse(HttpServletRequest request, HttpServletResponse response, Decision decision) throws IOException {
		headers(response, decision);
		Duration retryAfter = Duration.ofSeconds(decision.retryAfterSeconds());
		ProblemDetail problem = ProblemResponses
			.withRetryAfter(
					ProblemResponses.problem(request, ErrorCode.RATE_LIMIT_EXCEEDED,
							"Too many requests; try again in " + decision.retryAfterSeconds() + " seconds."),
					retryAfter);
		this.problems.write(request, response, problem, retryAfter);
	}

	void banned(HttpServletRequest request, HttpServletResponse response, Bans.Ban ban) throws IOException {
		Duration remaining = Duration.between(java.time.Instant.now(), ban.until());
		ProblemDetail problem = ProblemResponses.problem(request, ErrorCode.FORBIDDEN,
				"This address is temporarily banned after suspicious activity.");
		this.problems.write(request, response, ProblemResponses.withRetryAfter(problem, remaining), remaining);
	}

}
