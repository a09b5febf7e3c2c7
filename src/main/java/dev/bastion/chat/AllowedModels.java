package dev.bastion.chat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import dev.bastion.account.AccountLimits;
import dev.bastion.chat.ChatService.Caller;
import dev.bastion.chat.provider.ModelRouter;
import dev.bastion.chat.provider.ModelRouter.Route;
import dev.bastion.chat.provider.OfflineProvider;

/**
 * The models an administrator allowed one user ({@link AccountLimits#allowedModels}), on
 * top of the role rules of {@code MODELS_FILE}: a model outside the list is refused like
 * an unknown one and is not listed. The list names models or aliases; an alias allows the
 * model it stands for. Without a list (and for anonymous callers) the roles decide alone.
 * The built-in offline provider is no model and stays available: an empty list leaves a
 * user with its fixed replies only.
 */
@Component
class AllowedModels {

	private final AccountLimits limits;

	private final ModelRouter router;

	AllowedModels(AccountLimits limits, ModelRouter router) {
		this.limits = limits;
		this.router = router;
	}

	/** The models and aliases the caller may ask for, the default first. */
	List<String> models(Caller caller) {
		List<String> available = this.router.available(caller.roles());
		Optional<Set<String>> models = allowedModels(caller);
		if (models.isEmpty()) {
			return available;
		}
		return available.stream()
			.filter((name) -> this.router.route(name, caller.roles())
				.filter((route) -> permits(models.get(), route))
				.isPresent())
			.toList();
	}

	/**
	 * The model answering when none is asked for, or null when the caller may not use it.
	 */
	@Nullable String defaultModel(Caller caller) {
		return this.router.route(null, caller.roles())
			.filter((found) -> permit(caller, found))
			.map(Route::model)
			.orElse(null);
	}

	/** Whether the caller may use the route found for the model it asked for. */
	boolean permit(Caller caller, Route route) {
		return allowedModels(caller).map((models) -> permits(models, route)).orElse(true);
	}

	private static boolean permits(Set<String> models, Route route) {
		return OfflineProvider.NAME.equals(route.model()) || models.contains(route.model());
	}

	/** The models the caller's list allows, its aliases resolved; empty when no list. */
	private Optional<Set<String>> allowedModels(Caller caller) {
		return allowed(caller).map((names) -> names.stream()
			.flatMap((name) -> this.router.route(name, caller.roles()).map(Route::model).stream())
			.collect(Collectors.toSet()));
	}

	private Optional<List<String>> allowed(Caller caller) {
		UUID accountId = caller.accountId();
		return (accountId != null) ? this.limits.allowedModels(accountId) : Optional.empty();
	}

}
