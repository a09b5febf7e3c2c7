package dev.bastion.chat.provider;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bastion.system.InsecureConfigurationException;

/**
 * Which connections answer which model. Each model has its group: the connections that
 * offer it, in {@code PROVIDER_ORDER}; a failing connection hands over only within its
 * group. Aliases name a model, rules say who may use it and how much a day. The offline
 * provider, when ordered, stands in last only for a caller who named no model: one who
 * named a model gets that model or a refusal, never silently another.
 */
public final class ModelRouter {

	private static final Logger logger = LoggerFactory.getLogger(ModelRouter.class);

	private final List<Offer> offers;

	private final Map<String, String> aliases;

	private final Map<String, Rule> rules;

	private final String defaultModel;

	private final List<ChatProvider> lastResort;

	private volatile Map<String, List<ChatProvider>> groups;

	/**
	 * Discovers what the {@code auto} connections offer, then checks that every alias,
	 * rule and the default name a model; refuses to start otherwise.
	 */
	public ModelRouter(List<Offer> offers, Map<String, String> aliases, Map<String, Rule> rules,
			@Nullable String defaultModel, List<ChatProvider> lastResort) {
		this.offers = List.copyOf(offers);
		this.aliases = Map.copyOf(aliases);
		this.rules = Map.copyOf(rules);
		this.lastResort = List.copyOf(lastResort);
		Map<String, List<String>> offered = new LinkedHashMap<>();
		for (Offer offer : this.offers) {
			offered.put(offer.connection().name(), offer.discovered() ? discoverAtStart(offer) : offer.models());
		}
		this.groups = group(offered);
		this.defaultModel = (defaultModel != null) ? defaultModel : firstModel();
		validate();
	}

	private String firstModel() {
		return Stream.concat(this.offers.stream().map(Offer::connection), this.lastResort.stream())
			.map(ChatProvider::model)
			.filter((model) -> !model.isEmpty())
			.findFirst()
			.orElse(OfflineProvider.NAME);
	}

	private static List<String> discoverAtStart(Offer offer) {
		try {
			return offer.connection().listModels();
		}
		catch (RuntimeException ex) {
			throw new InsecureConfigurationException(offer.variable(),
					"asks to discover the models of connection " + offer.connection().name()
							+ ", which could not list them (" + ex.getClass().getSimpleName() + ")",
					"Check the connection's base URL and key, or list its models explicitly.");
		}
	}

	private Map<String, List<ChatProvider>> group(Map<String, List<String>> offered) {
		Map<String, List<ChatProvider>> grouped = new LinkedHashMap<>();
		for (Offer offer : this.offers) {
			Set<String> models = new LinkedHashSet<>(offered.getOrDefault(offer.connection().name(), List.of()));
			models.add(offer.connection().model());
			models.remove("");
			for (String model : models) {
				grouped.computeIfAbsent(model, (name) -> new ArrayList<>()).add(offer.connection());
			}
		}
		for (ChatProvider connection : this.lastResort) {
			grouped.computeIfAbsent(connection.model(), (name) -> new ArrayList<>()).add(connection);
		}
		grouped.replaceAll((model, connections) -> List.copyOf(connections));
		return Map.copyOf(grouped);
	}

	private void validate() {
		this.aliases.forEach((alias, model) -> {
			if (!this.groups.containsKey(model)) {
				throw new InsecureConfigurationException("MODELS_FILE",
						"names alias " + alias + " for a model no connection offers",
						"Point the alias at a model a connection lists, or list that model on a connection.");
			}
			if (this.groups.containsKey(alias)) {
				throw new InsecureConfigurationException("MODELS_FILE", "has alias " + alias + ", also a model's name",
						"Give the alias a name no connection uses for a model.");
			}
		});
		for (String model : this.rules.keySet()) {
			if (!this.groups.containsKey(model)) {
				throw new InsecureConfigurationException("MODELS_FILE",
						"has rules for model " + model + ", which no connection offers",
						"Name the model exactly as a connection lists it.");
			}
		}
		if (!this.groups.containsKey(resolve(this.defaultModel))) {
			throw new InsecureConfigurationException("MODELS_FILE",
					"names default-model " + this.defaultModel + ", which no connection offers",
					"Choose a model or an alias a connection offers.");
		}
	}

	private String resolve(String name) {
		return this.aliases.getOrDefault(name, name);
	}

	/**
	 * The route to the model a caller with {@code roles} asked for (the default when
	 * {@code requested} is null); empty when there is no such model or the caller may not
	 * use it, alike, so that a forbidden model's existence does not show.
	 */
	public Optional<Route> route(@Nullable String requested, Set<String> roles) {
		String model = resolve((requested != null) ? requested : this.defaultModel);
		List<ChatProvider> group = this.groups.get(model);
		Rule rule = this.rules.getOrDefault(model, Rule.OPEN);
		if (group == null || !rule.allows(roles)) {
			return Optional.empty();
		}
		List<ChatProvider> connections = (requested != null) ? group
				: Stream.concat(group.stream(), this.lastResort.stream()).distinct().toList();
		return Optional.of(new Route(model, connections, rule.dailyTokenBudget()));
	}

	/**
	 * What a caller with {@code roles} may ask for: the models (the default first), then
	 * the aliases of those models.
	 */
	public List<String> available(Set<String> roles) {
		Set<String> names = new LinkedHashSet<>();
		String first = resolve(this.defaultModel);
		Stream.concat(Stream.of(first), this.groups.keySet().stream().sorted())
			.filter((model) -> this.rules.getOrDefault(model, Rule.OPEN).allows(roles))
			.forEach(names::add);
		this.aliases.entrySet()
			.stream()
			.filter((alias) -> names.contains(alias.getValue()))
			.map(Map.Entry::getKey)
			.sorted()
			.forEach(names::add);
		return List.copyOf(names);
	}

	/**
	 * Asks the {@code auto} connections again what they offer. A connection that cannot
	 * be asked keeps what it offered; aliases and rules whose model is gone no longer
	 * resolve until it is back. Says, per connection asked, how many models it offers or
	 * that it could not be reached.
	 */
	public synchronized Map<String, String> refresh() {
		Map<String, List<String>> offered = new LinkedHashMap<>();
		Map<String, String> report = new LinkedHashMap<>();
		for (Offer offer : this.offers) {
			String name = offer.connection().name();
			List<String> before = this.groups.entrySet()
				.stream()
				.filter((group) -> group.getValue().contains(offer.connection()))
				.map(Map.Entry::getKey)
				.toList();
			if (!offer.discovered()) {
				offered.put(name, offer.models());
				continue;
			}
			try {
				List<String> models = offer.connection().listModels();
				offered.put(name, models);
				report.put(name, models.size() + " models");
			}
			catch (RuntimeException ex) {
				logger.warn("Connection {} could not list its models ({}); keeping the ones it had", name,
						ex.getClass().getSimpleName());
				offered.put(name, before);
				report.put(name, "unreachable, kept " + before.size() + " models");
			}
		}
		this.groups = group(offered);
		return report;
	}

	/** Every connection, in order, the last resort last. */
	public List<ChatProvider> connections() {
		return Stream.concat(this.offers.stream().map(Offer::connection), this.lastResort.stream()).distinct().toList();
	}

	/** The model chosen when none is asked for (possibly an alias). */
	public String defaultModel() {
		return this.defaultModel;
	}

	/**
	 * What one connection offers.
	 *
	 * @param connection the connection, behind its own circuit breaker
	 * @param models the models it offers, besides its default
	 * @param discovered whether its models are asked of the connection instead
	 * @param variable the setting that configured it, named when it is wrong
	 */
	public record Offer(ChatProvider connection, List<String> models, boolean discovered, String variable) {

		public Offer {
			models = List.copyOf(models);
		}

	}

	/**
	 * Who may use a model and how much.
	 *
	 * @param roles the roles that may use it (lower case); empty means everyone
	 * @param dailyTokenBudget tokens each user may spend on it per UTC day; 0 means only
	 * the user's own daily budget applies
	 */
	public record Rule(Set<String> roles, long dailyTokenBudget) {

		static final Rule OPEN = new Rule(Set.of(), 0);

		public Rule {
			roles = Set.copyOf(roles.stream().map((role) -> role.toLowerCase(Locale.ROOT)).toList());
		}

		boolean allows(Set<String> callerRoles) {
			return this.roles.isEmpty() || this.roles.stream().anyMatch(callerRoles::contains);
		}

	}

	/**
	 * A chosen model and the connections to ask for it, in order.
	 *
	 * @param model the model's name (an alias resolved)
	 * @param connections its group, then for a caller who named no model the last resort
	 * @param dailyTokenBudget the model's own daily budget per user, 0 for none
	 */
	public record Route(String model, List<ChatProvider> connections, long dailyTokenBudget) {

		public Route {
			connections = List.copyOf(connections);
		}

		/**
		 * What to ask {@code connection} for: the model, unless it is the last resort.
		 */
		public String modelFor(ChatProvider connection) {
			return (connection instanceof OfflineProvider) ? connection.model() : this.model;
		}

	}

}
