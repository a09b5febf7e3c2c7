package dev.bastion.system;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.bastion.support.Http;
import dev.bastion.support.Launcher;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Production logs are JSON, one object a line, each carrying the request id.
 */
@ExtendWith(OutputCaptureExtension.class)
class JsonLoggingTests {

	@Test
	void productionLogsAreJsonWithTheRequestId(CapturedOutput output) {
		// Other tests' contexts stay alive; start logging afresh for this one.
		LoggingSystem.get(getClass().getClassLoader()).cleanUp();
		try (ConfigurableApplicationContext bastion = Launcher
			.start(Map.of("SECRET_KEY", "4f1c9a7e2b8d6035c1e9f7a2b4d8c6e0a3f5b7d9", "TRUSTED_PROXIES", "127.0.0.1",
					"PUBLIC_URL", "https://localhost"), "production")) {
			HttpResponse<String> response = Http.local(Launcher.port(bastion))
				.get("/api/v1/health", "X-Forwarded-For", "not-an-ip", "X-Request-ID", "trace-json-0001");
			assertThat(response.statusCode()).isEqualTo(301);
			Http.local(Launcher.port(bastion))
				.get("/", "Origin", "https://evil.example", "X-Forwarded-Proto", "https", "X-Request-ID",
						"trace-json-0002");
			String line = output.getOut()
				.lines()
				.filter((candidate) -> candidate.contains("trace-json-0002"))
				.findFirst()
				.orElseThrow();
			JsonNode json = JsonMapper.builder().build().readTree(line);
			assertThat(json.path("request_id").asString()).isEqualTo("trace-json-0002");
			assertThat(json.path("event_type").asString()).isEqualTo("CORS_REJECTED");
			assertThat(json.path("log").path("logger").asString()).isEqualTo("security");
		}
	}

}
