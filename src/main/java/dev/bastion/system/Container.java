package dev.bastion.system;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Whether Bastion runs in a container, as declared by the {@code container} environment
 * variable of the systemd container convention: container managers set it for the
 * container's first process ({@code podman}, {@code lxc}, ...), and Bastion's image sets
 * {@code container=oci} for the runtimes that do not.
 */
public final class Container {

	private Container() {
	}

	/** The declared container runtime, or {@code null} outside a container. */
	public static @Nullable String runtime(Environment environment) {
		String runtime = environment.getProperty("container");
		return StringUtils.hasText(runtime) ? runtime.strip().toLowerCase(Locale.ROOT) : null;
	}

}
