package dev.bastion.system;

/**
 * Thrown at start-up when a setting would leave the service unsafe; names the environment
 * variable to fix and never contains its value.
 */
public final class InsecureConfigurationException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String variable;

	private final String action;

	public InsecureConfigurationException(String variable, String problem, String action) {
		super(variable + " " + problem);
		this.variable = variable;
		this.action = action;
	}

	public String variable() {
		return this.variable;
	}

	public String action() {
		return this.action;
	}

}
