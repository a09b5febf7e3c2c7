package dev.bastion.system;

/**
 * A configuration value that a converter refused, before it knows which variable it came
 * from: {@link SettingRefusals} names the variable and turns it into an
 * {@link InsecureConfigurationException}, so a converter is written once for every
 * setting of its type.
 */
public final class InvalidSettingException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String problem;

	private final String action;

	/**
	 * @param problem what is wrong, completing "VARIABLE ..." (never the value)
	 * @param action what to do about it
	 */
	public InvalidSettingException(String problem, String action) {
		super(problem);
		this.problem = problem;
		this.action = action;
	}

	String problem() {
		return this.problem;
	}

	String action() {
		return this.action;
	}

}
