package dev.bastion.system;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.ResolvableType;
import org.springframework.core.convert.converter.Converter;

/**
 * Names the environment variable of a value a converter refused
 * ({@link InvalidSettingException}), so that start-up is refused with the same message as
 * every other setting: {@code RATE_LIMIT_CHAT is not a limit like ...}.
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
