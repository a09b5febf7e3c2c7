package dev.bastion.ratelimit;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ProblemDetail;

import dev.bastion.audit.BoundedAudit;
import dev.bastion.ratelimit.RateLimiter.Decision;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;
import dev.bastion.web.ProblemResponses;

/**
 * The rate-limit headers on every limited response, the 429 when a limit is reached, and
 * the 403 for a banned address. A refusal is audited once a minute per subject and
 * policy, and at most {@link BoundedAudit#MAX_PER_MINUTE} a minute in all, so that a
 * flood of refusals from many addresses stays cheap and cannot fill the audit trail; the
 * {@code bastion.http.rate.limited} metric counts every one.
 */
final class RateLimitResponses {

	static final String POLICY_HEADER = "RateLimit-Policy";

	static final String HEADER = "RateLimit";

	private final ProblemResponses problems;

	private final BoundedAudit audit;

	private final RateLimitMetrics metrics;

	RateLimitResponses(ProblemResponses problems, BoundedAudit audit, RateLimitMetrics metrics) {
		this.problems = problems;
		this.audit = audit;
		this.metrics = metrics;
	}

	static void headers(HttpServletResponse response, Decision decision) {
		response.setHeader(POLICY_HEADER, decision.policy().policyHeader());
		response.setHeader(HEADER, decision.header());
	}

	void refuse(HttpServletRequest request, HttpServletResponse response, Decision decision, String subject,
			@Nullable UUID accountId) throws IOException {
		this.metrics.refused(decision.policy().name());
		this.audit.report(new RateLimited(decision.policy().name(), subject, accountId),
				decision.policy().name() + "|" + subject);
		headers(response, decision);
		Duration retryAfter = Duration.ofSeconds(decision.retryAfterSeconds());
		ProblemDetail problem = ProblemResponses
			.withRetryAfter(
					ProblemResponses.problem(request, ErrorCode.RATE_LIMIT_EXCEEDED,
							"Too many requests; try again in " + decision.retryAfterSeconds() + " seconds."),
					retryAfter);
		this.problems.write(request, response, problem, retryAfter);
	}

	void unavailable(HttpServletRequest request, HttpServletResponse response, BastionException ex) throws IOException {
		Duration retryAfter = ex.retryAfter();
		ProblemDetail problem = ProblemResponses.problem(request, ex.code(), ex.getMessage());
		this.problems.write(request, response,
				(retryAfter != null) ? ProblemResponses.withRetryAfter(problem, retryAfter) : problem, retryAfter);
	}

	void banned(HttpServletRequest request, HttpServletResponse response, Bans.Ban ban) throws IOException {
		Duration remaining = Duration.between(Instant.now(), ban.until());
		ProblemDetail problem = ProblemResponses.problem(request, ErrorCode.FORBIDDEN,
				"This address is temporarily banned after suspicious activity.");
		this.problems.write(request, response, ProblemResponses.withRetryAfter(problem, remaining), remaining);
	}

}
