package dev.bastion.web;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.env.Environment;

import dev.bastion.system.Container;

/**
 * Says at start-up what an address other than loopback exposes. Listening on every
 * interface is sometimes wanted, but never by accident: on a host it is a warning; in a
 * container it is the only way to be reached through the published ports, and the
 * container's network namespace is the boundary, so it is explained, not warned about.
 */
final class ListeningAddresses {

	private static final Logger logger = LoggerFactory.getLogger(ListeningAddresses.class);

	private final Environment environment;

	ListeningAddresses(Environment environment) {
		this.environment = environment;
	}

	void explain(@Nullable InetAddress server) {
		String container = Container.runtime(this.environment);
		if (server != null && server.isAnyLocalAddress()) {
			explainServer(server.getHostAddress(), container);
		}
		InetAddress management = managementAddress();
		if (management != null && !management.isLoopbackAddress()) {
			explainManagement(management.getHostAddress(), container);
		}
	}

	private void explainServer(String address, @Nullable String container) {
		if (container == null) {
			logger.warn("SERVER_ADDRESS={} makes Bastion reachable on every network interface; "
					+ "prefer 127.0.0.1 behind a reverse proxy", address);
			return;
		}
		logger.info("SERVER_ADDRESS={} binds every interface of this container (container={}): only the ports "
				+ "published on the host are reachable; publish on the host's loopback behind a reverse proxy, "
				+ "or serve built-in TLS", address, container);
	}

	private void explainManagement(String address, @Nullable String container) {
		String port = this.environment.getProperty("management.server.port", "8081");
		if (container == null) {
			logger.warn("MANAGEMENT_ADDRESS={} serves health probes and Prometheus metrics, without authentication, "
					+ "to every client that reaches it on port {}; allow only the scraper", address, port);
			return;
		}
		logger.info(
				"MANAGEMENT_ADDRESS={} serves health probes and Prometheus metrics, without authentication, on "
						+ "port {} of this container (container={}); publish it to the scraper only",
				address, port, container);
	}

	private @Nullable InetAddress managementAddress() {
		String address = this.environment.getProperty("management.server.address");
		if (address == null || address.isBlank()) {
			return null;
		}
		try {
			return InetAddress.getByName(address.strip());
		}
		catch (UnknownHostException ex) {
			// The management server fails to start on it with a message of its own.
			return null;
		}
	}

}
