package dev.bastion.system;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a refused start-up into a short message that names the variable and the fix.
 */
final class InsecureConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InsecureConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InsecureConfigurationException cause) {
		return new FailureAnalysis("Bastion refuses to start: " + cause.getMessage() + ".", cause.action(), cause);
	}

}
