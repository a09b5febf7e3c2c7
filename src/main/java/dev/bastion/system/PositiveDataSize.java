package dev.bastion.system;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.constraints.Positive;
import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * {@code @Positive} for a {@link DataSize} setting ({@code MAX_REQUEST_SIZE}): Hibernate
 * Validator has no validator of its own for Spring's type, and finds this one through
 * {@code META-INF/services/jakarta.validation.ConstraintValidator}. Public, with the
 * implicit constructor, for that service loader.
 */
public final class PositiveDataSize implements ConstraintValidator<Positive, DataSize> {

	@Override
	public boolean isValid(@Nullable DataSize size, ConstraintValidatorContext context) {
		return size == null || size.toBytes() > 0;
	}

}
