package dev.bastion.web;

import java.net.InetAddress;

import org.apache.catalina.connector.Connector;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;

/**
 * When Bastion terminates TLS itself, opens {@code HTTP_PORT} as a second, plain
 * connector on the same address; {@link HttpsRedirectFilter} turns everything it receives
 * into a redirect.
 */
final class HttpRedirectConnector implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

	private final @Nullable Integer httpPort;

	private final ServerProperties server;

	private final ConnectionLimits limits;

	HttpRedirectConnector(@Nullable Integer httpPort, ServerProperties server, ConnectionLimits limits) {
		this.httpPort = httpPort;
		this.server = server;
		this.limits = limits;
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		Integer serverPort = this.server.getPort();
		// No redirect port beside a main port that is not opened (doctor, the admin CLI).
		if (this.httpPort == null || (serverPort != null && serverPort < 0)) {
			return;
		}
		Connector connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
		connector.setPort(this.httpPort);
		InetAddress address = this.server.getAddress();
		if (address != null) {
			connector.setProperty("address", address.getHostAddress());
		}
		connector.setProperty("maxPostSize", "0");
		this.limits.boundAdditional(connector);
		factory.addAdditionalConnectors(connector);
	}

}
