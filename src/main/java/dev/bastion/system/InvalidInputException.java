package dev.bastion.system;

import java.util.Map;

/**
 * Input that breaks a rule: a 400 {@code VALIDATION_ERROR} listing each field and the
 * rule it broke. Messages describe the rule and never repeat the rejected value.
 */
public final class InvalidInputException extends BastionException {

	private static final long serialVersionUID = 1L;

	private final Map<String, String> errors;

	public InvalidInputException(String field, String message) {
		this(Map.of(field, message));
	}

	public InvalidInputException(Map<String, String> errors) {
		super(ErrorCode.VALIDATION_ERROR, "Some fields are not valid.");
		this.errors = Map.copyOf(errors);
	}

	public Map<String, String> errors() {
		return this.errors;
	}

}
