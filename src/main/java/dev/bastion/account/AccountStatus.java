package dev.bastion.account;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

import dev.bastion.system.InvalidInputException;

/**
 * Where an account stands, for admin searches: waiting for approval, able to log in, or
 * deactivated by an administrator.
 */
public enum AccountStatus {

	PENDING("pending"), ACTIVE("active and not pending"), DEACTIVATED("not active");

	/** The SQL condition on {@code accounts}; a constant, never built from input. */
	private final String condition;

	AccountStatus(String condition) {
		this.condition = condition;
	}

	String condition() {
		return this.condition;
	}

	/** From a query parameter: {@code pending}, {@code active} or {@code deactivated}. */
	public static @Nullable AccountStatus of(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		for (AccountStatus status : values()) {
			if (status.name().equalsIgnoreCase(value.strip())) {
				return status;
			}
		}
		throw new InvalidInputException("status", "must be pending, active or deactivated");
	}

	@Override
	public String toString() {
		return name().toLowerCase(Locale.ROOT);
	}

}
