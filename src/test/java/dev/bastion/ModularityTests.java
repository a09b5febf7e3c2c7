package dev.bastion;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

/**
 * Keeps the package-by-feature layout true: modules only use each other's top-level API,
 * only the modules their {@code package-info.java} allows
 * ({@code @ApplicationModule(allowedDependencies = ...)}), and there are no cycles
 * between them.
 */
class ModularityTests {

	@Test
	void modulesRespectTheirBoundaries() {
		ApplicationModules.of(BastionApplication.class).verify();
	}

}
