package dev.bastion.system;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

/**
 * Names the environment variable of a value a converter refused
 * ({@link InvalidSettingException}), so that start-up is refused with the same message as
 * every other setting: {@code RATE_LIMIT_CHAT is not a limit like ...}.
 */
final class SettingRefusals implements ConfigurationPropertiesBindHandlerAdvisor {

	@Override
	public BindHandler apply(BindHandler bindHandler) {
		return new AbstractBindHandler(bindHandler) {

			@Override
			public @Nullable Object onFailure(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
					Exception error) throws Exception {
				InvalidSettingException invalid = invalid(error);
				if (invalid == null) {
					return super.onFailure(name, target, context, error);
				}
				String variable = EnvironmentVariables.variable(name.toString());
				throw new InsecureConfigurationException((variable != null) ? variable : name.toString(),
						invalid.problem(), invalid.action());
			}

		};
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
