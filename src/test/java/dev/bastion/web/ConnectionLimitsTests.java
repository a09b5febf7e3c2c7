package dev.bastion.web;

import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How many connections Tomcat may hold follows the heap: an eighth of it at 48 KB a
 * half-sent request.
 */
class ConnectionLimitsTests {

	private static final long MIB = 1024 * 1024;

	@Test
	void theImagesHeapHoldsAboutFiveHundredConnections() {
		assertThat(ConnectionLimits.forHeap(192 * MIB)).isEqualTo(512);
		// What Runtime.maxMemory() reports under -Xmx192m with the serial collector.
		assertThat(ConnectionLimits.forHeap(185 * MIB)).isEqualTo(493);
	}

	@Test
	void aTinyHeapStillServesAHundredAndALargeOneNoMoreThanTomcatsDefault() {
		assertThat(ConnectionLimits.forHeap(16 * MIB)).isEqualTo(100);
		assertThat(ConnectionLimits.forHeap(16 * 1024 * MIB)).isEqualTo(8192);
	}

	@Test
	void theRedirectConnectorGetsAnEighthButAtLeastAHundredAndTheSameTimeouts() {
		Connector connector = new Connector("HTTP/1.1");
		new ConnectionLimits(192 * MIB).boundAdditional(connector);
		assertThat(connector.getProperty("maxConnections")).isEqualTo(100);
		Connector large = new Connector("HTTP/1.1");
		new ConnectionLimits(1024 * MIB).boundAdditional(large);
		assertThat(large.getProperty("maxConnections")).isEqualTo(341);
		assertThat(connector.getProperty("connectionTimeout")).isEqualTo(20_000);
		assertThat(connector.getProperty("keepAliveTimeout")).isEqualTo(20_000);
	}

}
