package dev.bastion.ratelimit;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.ProblemDetail;

import dev.bastion.ratelimit.RateLimiter.Decision;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;
import dev.bastion.web.ProblemResponses;

/**
 * The rate-limit headers on every limited response, the 429 when a limit is reached, and
 * the 403 for a banned address. A refusal is reported as a security event once a minute
 * per subject and policy, so that a flood of refusals stays cheap.
 */
final class RateLimitResponses {

	static final String POLICY_HEADER = "RateLimit-Policy";

	static final String HEADER = "RateLimit";

	private static final Duration REPORT_EVERY = Duration.ofMinutes(1);

	private static final int MAX_REPORTED = 100_000;

	private final ProblemResponses problems;

	private final ApplicationEventPublisher events;

	private final RateLimitMetrics metrics;

	private final Cache<String, Boolean> reported = Caffeine.newBuilder()
		.maximumSize(MAX_REPORTED)
		.expireAfterWrite(REPORT_EVERY)
		.build();

	RateLimitResponses(ProblemResponses problems, ApplicationEventPublisher events, RateLimitMetrics metrics) {
		this.problems = problems;
		this.events = events;
		this.metrics = metrics;
	}

	static void headers(HttpServletResponse response, Decision decision) {
		response.setHeader(POLICY_HEADER, decision.policy().policyHeader());
		response.setHeader(HEADER, decision.header());
	}

	void refuse(HttpServletRequest request, HttpServletResponse response, Decision decision, String subject,
			@Nullable UUID accountId) throws IOException {
		this.metrics.refused(decision.policy().name());
		if (this.reported.asMap().putIfAbsent(decision.policy().name() + "|" + subject, Boolean.TRUE) == null) {
			this.events.publishEvent(new RateLimited(decision.policy().name(), subject, accountId));
		}
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
