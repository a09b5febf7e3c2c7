package dev.bastion.web;

import java.net.ConnectException;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.bastion.support.Http;
import dev.bastion.support.Launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What Bastion says at start-up about listening addresses other than loopback, and where
 * MANAGEMENT_ADDRESS puts the management port.
 */
@ExtendWith(OutputCaptureExtension.class)
class ListeningAddressesTests {

	@Test
	void everyInterfaceInAContainerIsExplainedNotWarnedAbout(CapturedOutput output) {
		try (ConfigurableApplicationContext context = Launcher
			.start(Map.of("SERVER_ADDRESS", "0.0.0.0", "container", "oci"))) {
			assertThat(output)
				.containsPattern("INFO .*SERVER_ADDRESS=0\\.0\\.0\\.0 binds every interface of this container "
						+ "\\(container=oci\\): only the ports published on the host are reachable")
				.doesNotContain("reachable on every network interface");
		}
	}

	@Test
	void managementAddressBeyondLoopbackIsWarnedAbout(CapturedOutput output) {
		try (ConfigurableApplicationContext context = Launcher
			.start(Map.of("MANAGEMENT_ADDRESS", "0.0.0.0", "container", ""))) {
			assertThat(output).containsPattern("WARN .*MANAGEMENT_ADDRESS=0\\.0\\.0\\.0 serves health probes and "
					+ "Prometheus metrics, without authentication, to every client that reaches it");
		}
	}

	@Test
	void managementPortListensOnlyOnManagementAddressAndLoopbackIsNotRemarked(CapturedOutput output) {
		try (ConfigurableApplicationContext context = Launcher.start(Map.of("MANAGEMENT_ADDRESS", "127.0.0.2"))) {
			int port = context.getEnvironment().getRequiredProperty("local.management.port", Integer.class);
			assertThat(new Http("http://127.0.0.2:" + port).get("/actuator/prometheus").statusCode()).isEqualTo(200);
			assertThatThrownBy(() -> new Http("http://127.0.0.1:" + port).get("/actuator/prometheus"))
				.hasCauseInstanceOf(ConnectException.class);
			assertThat(output).doesNotContain("MANAGEMENT_ADDRESS").doesNotContain("SERVER_ADDRESS");
		}
	}

}
