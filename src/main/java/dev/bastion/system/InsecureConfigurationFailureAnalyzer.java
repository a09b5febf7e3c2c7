package dev.bastion.system;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Turns a refused start-up into a short message that names the variable and the fix.
 */
final class InsecureConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InsecureConfigurationException>
		implements Ordered {

	/**
	 * Ahead of Spring Boot's analyzers: a refusal raised while binding a record is also a
	 * bind failure, and the variable's message is the one to show.
	 */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InsecureConfigurationException cause) {
		return new FailureAnalysis("Bastion refuses to start: " + cause.getMessage() + ".", cause.action(), cause);
	}

}
