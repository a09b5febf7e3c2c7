package dev.bastion.chat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.env.Environment;

import dev.bastion.chat.provider.ChatProvider;
import dev.bastion.chat.provider.ModelProvider;
import dev.bastion.chat.provider.ModelRouter;
import dev.bastion.chat.provider.OfflineProvider;
import dev.bastion.system.InsecureConfigurationException;

/**
 * The model connections, from the environment ({@code OPENAI_*} as connection
 * {@code openai}, {@code GEMINI_*} as {@code gemini}) and from {@code MODELS_FILE}, in
 * {@code PROVIDER_ORDER}: a connection of the file it does not name comes after the ones
 * it names, in the file's order. An environment connection without its key is refused in
 * production and skipped, with a warning, in development.
 */
final class ModelConnections {

	private static final Logger logger = LoggerFactory.getLogger(ModelConnections.class);

	private static final String AUTO = "auto";

	private ModelConnections() {
	}

	/**
	 * The router over every connection, each built by {@code resilient} around its
	 * client.
	 */
	static ModelRouter router(ChatProperties properties, Environment environment,
			Function<ChatProvider, ChatProvider> resilient) {
		ModelsFile file = ModelsFile.read(properties.modelsFile());
		Map<String, ModelRouter.Offer> offers = new LinkedHashMap<>();
		for (ModelsFile.Connection connection : file.connections()) {
			if (connection.name().equals(ModelProvider.OPENAI) || connection.name().equals(ModelProvider.GEMINI)
					|| connection.name().equals(OfflineProvider.NAME)) {
				throw new InsecureConfigurationException("MODELS_FILE",
						"names a connection " + connection.name() + ", a name kept for the environment's connections",
						"Give the file's connections other names.");
			}
			offers.put(connection.name(), fileOffer(connection, properties.providerTimeout(), resilient));
		}
		List<ModelRouter.Offer> ordered = new ArrayList<>();
		List<ChatProvider> lastResort = new ArrayList<>();
		for (String name : order(properties, file)) {
			switch (name) {
				case OfflineProvider.NAME -> lastResort.add(new OfflineProvider());
				case ModelProvider.OPENAI -> {
					if (keyed(!properties.openaiApiKey().isBlank(), "OPENAI_API_KEY", name, environment)) {
						ordered.add(openAi(properties, resilient));
					}
				}
				case ModelProvider.GEMINI -> {
					if (keyed(!properties.gemini().apiKey().isBlank(), "GEMINI_API_KEY", name, environment)) {
						ordered.add(gemini(properties, resilient));
					}
				}
				default -> {
					ModelRouter.Offer offer = offers.remove(name);
					if (offer == null) {
						throw new InsecureConfigurationException("PROVIDER_ORDER",
								"names a connection this configuration does not have",
								"Use openai, gemini, offline and the names of MODELS_FILE's connections.");
					}
					ordered.add(offer);
				}
			}
		}
		ordered.addAll(offers.values());
		if (ordered.isEmpty() && lastResort.isEmpty()) {
			lastResort.add(new OfflineProvider());
		}
		return new ModelRouter(ordered, file.aliases(), file.rules(), file.defaultModel(), lastResort);
	}

	/** PROVIDER_ORDER, or by default openai and gemini when keyed, then offline. */
	private static List<String> order(ChatProperties properties, ModelsFile file) {
		List<String> order = properties.providerOrder().stream().map(String::strip).toList();
		if (!order.isEmpty()) {
			return order;
		}
		List<String> defaults = new ArrayList<>();
		if (!properties.openaiApiKey().isBlank()) {
			defaults.add(ModelProvider.OPENAI);
		}
		if (!properties.gemini().apiKey().isBlank()) {
			defaults.add(ModelProvider.GEMINI);
		}
		file.connections().forEach((connection) -> defaults.add(connection.name()));
		defaults.add(OfflineProvider.NAME);
		return defaults;
	}

	private static ModelRouter.Offer openAi(ChatProperties properties, Function<ChatProvider, ChatProvider> resilient) {
		String url = ModelsFile.checkedUrl(properties.openaiBaseUrl(), "OPENAI_BASE_URL");
		return envOffer(
				resilient.apply(ModelProvider.openAi(ModelProvider.OPENAI, url, properties.openaiApiKey().reveal(),
						properties.openaiModel(), properties.providerTimeout())),
				properties.openaiModels(), "OPENAI_MODELS");
	}

	private static ModelRouter.Offer gemini(ChatProperties properties, Function<ChatProvider, ChatProvider> resilient) {
		ChatProperties.Gemini gemini = properties.gemini();
		String url = ModelsFile.checkedUrl(gemini.baseUrl(), "GEMINI_BASE_URL");
		return envOffer(resilient.apply(ModelProvider.gemini(ModelProvider.GEMINI, url, gemini.apiKey().reveal(),
				gemini.model(), properties.providerTimeout())), gemini.models(), "GEMINI_MODELS");
	}

	/**
	 * {@code auto}, or a comma-separated list; its default model is offered either way.
	 */
	private static ModelRouter.Offer envOffer(ChatProvider connection, String models, String variable) {
		if (models.strip().equalsIgnoreCase(AUTO)) {
			return new ModelRouter.Offer(connection, List.of(), true, variable);
		}
		List<String> listed = Arrays.stream(models.split(",")).map(String::strip).filter((m) -> !m.isEmpty()).toList();
		return new ModelRouter.Offer(connection, listed, false, variable);
	}

	private static ModelRouter.Offer fileOffer(ModelsFile.Connection connection, Duration timeout,
			Function<ChatProvider, ChatProvider> resilient) {
		String first = connection.models().isEmpty() ? "" : connection.models().getFirst();
		Duration own = connection.timeout();
		Duration wait = (own != null) ? own : timeout;
		ModelProvider client = connection.type().equals(ModelProvider.GEMINI)
				? ModelProvider.gemini(connection.name(), connection.baseUrl(), connection.apiKey().reveal(), first,
						wait)
				: ModelProvider.openAi(connection.name(), connection.baseUrl(), connection.apiKey().reveal(), first,
						wait);
		return new ModelRouter.Offer(resilient.apply(client), connection.models(), connection.auto(), "MODELS_FILE");
	}

	/** Whether a named provider has its key: refused in production, skipped otherwise. */
	private static boolean keyed(boolean hasKey, String variable, String provider, Environment environment) {
		if (hasKey) {
			return true;
		}
		if (environment.matchesProfiles("production")) {
			throw new InsecureConfigurationException(variable, "is empty while PROVIDER_ORDER names " + provider,
					"Set " + variable + " (any value for local servers without keys, such as Ollama), or remove "
							+ provider + " from PROVIDER_ORDER.");
		}
		logger.warn("PROVIDER_ORDER names {} but {} is empty: skipping it", provider, variable);
		return false;
	}

}
