package dev.bastion.system;

import java.util.Comparator;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.ResolvableType;
import org.springframework.core.convert.converter.Converter;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Names the environment variable of a value a converter refused
 * ({@link InvalidSettingException}) or a record's constraint refused
 * ({@code @Validated}), so that start-up is refused with the same message as every other
 * setting: {@code RATE_LIMIT_CHAT is not a limit like ...}, {@code CHAT_MAX_TOKENS must
 * be greater than 0}. Never the value: Spring Boot's own analysis of a constraint
 * violation prints it, and it may be a secret.
 */
final class SettingRefusals implements ConfigurationPropertiesBindHandlerAdvisor {

	private final ObjectProvider<Converter<?, ?>> converters;

	SettingRefusals(ObjectProvider<Converter<?, ?>> converters) {
		this.converters = converters;
	}

	@Override
	public BindHandler apply(BindHandler bindHandler) {
		return new AbstractBindHandler(bindHandler) {

			/**
			 * Spring binds an empty value to an enum as if it were unset, so that the
			 * record's default applies: a mode with its own converter refuses it instead,
			 * as it refuses any other value it does not know.
			 */
			@Override
			public void onFinish(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
					@Nullable Object result) throws Exception {
				ConfigurationProperty property = context.getConfigurationProperty();
				Class<?> type = target.getType().resolve();
				if (result == null && property != null && type != null && type.isEnum()
						&& property.getValue() instanceof String value && value.isBlank()) {
					Converter<String, ?> converter = converterTo(type);
					if (converter != null) {
						try {
							converter.convert(value);
						}
						catch (InvalidSettingException ex) {
							throw refusal(name, ex);
						}
					}
				}
				super.onFinish(name, target, context, result);
			}

			@Override
			public @Nullable Object onFailure(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
					Exception error) throws Exception {
				if (error instanceof BindValidationException violated) {
					throw refusal(violated.getValidationErrors());
				}
				InvalidSettingException invalid = invalid(error);
				if (invalid == null) {
					return super.onFailure(name, target, context, error);
				}
				throw refusal(name, invalid);
			}

		};
	}

	private static InsecureConfigurationException refusal(ConfigurationPropertyName name,
			InvalidSettingException invalid) {
		String variable = EnvironmentVariables.variable(name.toString());
		return new InsecureConfigurationException((variable != null) ? variable : name.toString(), invalid.problem(),
				invalid.action());
	}

	/**
	 * Every violated constraint, each as its setting and its rule, in the order of the
	 * settings' names: the first names the refusal's variable.
	 */
	private static InsecureConfigurationException refusal(ValidationErrors errors) {
		List<Violation> violations = errors.getAllErrors()
			.stream()
			.map((error) -> new Violation(setting(errors.getName(), error), rule(error)))
			.sorted(Comparator.comparing(Violation::setting))
			.toList();
		Violation first = violations.getFirst();
		StringBuilder problem = new StringBuilder(first.rule());
		violations.stream().skip(1).forEach((other) -> problem.append("; ").append(other));
		return new InsecureConfigurationException(first.setting(), problem.toString(),
				"Change the value, or unset the setting for its default; docs/configuration.md gives each "
						+ "setting's range.");
	}

	/**
	 * The variable that sets the property in error, else the property's name: a field
	 * error's field is the record component's path under the validated record
	 * ({@code cache.maxEntries}), which Spring Boot turns into a property name the same
	 * way.
	 */
	private static String setting(ConfigurationPropertyName record, ObjectError error) {
		ConfigurationPropertyName property = (error instanceof FieldError field)
				? record.append(DataObjectPropertyName.toDashedForm(field.getField())) : record;
		String variable = EnvironmentVariables.variable(property.toString());
		return (variable != null) ? variable : property.toString();
	}

	/**
	 * The constraint's message: Bastion's constraints state their rule and never quote
	 * the value ({@code ${validatedValue}}).
	 */
	private static String rule(ObjectError error) {
		String message = error.getDefaultMessage();
		return (message != null) ? message : "is not allowed";
	}

	@SuppressWarnings("unchecked")
	private @Nullable Converter<String, ?> converterTo(Class<?> type) {
		for (Converter<?, ?> converter : this.converters) {
			ResolvableType types = ResolvableType.forClass(converter.getClass()).as(Converter.class);
			if (types.getGeneric(0).resolve() == String.class && types.getGeneric(1).resolve() == type) {
				return (Converter<String, ?>) converter;
			}
		}
		return null;
	}

	private record Violation(String setting, String rule) {

		@Override
		public String toString() {
			return this.setting + " " + this.rule;
		}

	}

	private static @Nullable InvalidSettingException invalid(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause instanceof InsecureConfigurationException) {
				return null;
			}
			if (cause instanceof InvalidSettingException invalid) {
				return invalid;
			}
		}
		return null;
	}

}
