package dev.bastion.web;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Bounds how many connections Tomcat holds at once by the heap instead of its 8,192: each
 * connection with a half-sent request holds about 48 KB of buffers (8 KB each way for the
 * socket, the 16 KB header buffer plus 8 KB for reading, 8 KB for the response head), and
 * the rate limiter never sees a request that has not arrived. An eighth of the heap is
 * theirs: 512 connections with the image's {@code -Xmx192m}, at least 100, at most
 * Tomcat's 8,192. The plain-HTTP redirect connector gets an eighth of that, at least 100;
 * the management port, a server of its own, keeps {@code server.tomcat.max-connections}
 * of application.yml (100).
 */
final class ConnectionLimits implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

	static final long BYTES_PER_CONNECTION = 48 * 1024;

	static final int MIN_CONNECTIONS = 100;

	static final int MAX_CONNECTIONS = 8192;

	/** Tomcat's read, keep-alive and redirect-connector timeout (application.yml). */
	static final int TIMEOUT_MILLIS = 20_000;

	private final int maxConnections;

	ConnectionLimits(long maxHeap) {
		this.maxConnections = forHeap(maxHeap);
	}

	/**
	 * How many connections an eighth of a heap of {@code maxHeap} bytes holds (a quarter
	 * left too little of the image's heap to a login flood's password hashes).
	 */
	static int forHeap(long maxHeap) {
		long fit = maxHeap / 8 / BYTES_PER_CONNECTION;
		return (int) Math.clamp(fit, MIN_CONNECTIONS, MAX_CONNECTIONS);
	}

	/**
	 * The redirect connector's bound: an eighth, as it answers in one round trip, but at
	 * least 100.
	 */
	int forRedirects() {
		return Math.max(MIN_CONNECTIONS, this.maxConnections / 8);
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		factory.addConnectorCustomizers(this::bound);
	}

	private void bound(Connector connector) {
		if (connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol) {
			protocol.setMaxConnections(this.maxConnections);
		}
	}

	/**
	 * Bounds a connector that Spring Boot's settings do not reach (an additional one):
	 * its connections and timeouts.
	 */
	void boundAdditional(Connector connector) {
		connector.setProperty("maxConnections", Integer.toString(forRedirects()));
		connector.setProperty("connectionTimeout", Integer.toString(TIMEOUT_MILLIS));
		connector.setProperty("keepAliveTimeout", Integer.toString(TIMEOUT_MILLIS));
	}

	/**
	 * After Spring Boot's own customizers, whose {@code max-connections} this replaces.
	 */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
