package dev.bastion.chat.provider;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ResilientProviderTests {

	@ParameterizedTest
	@CsvSource({ "400, REJECTED", "413, REJECTED", "422, REJECTED", "401, MISCONFIGURED", "402, MISCONFIGURED",
			"403, MISCONFIGURED", "404, MISCONFIGURED", "408, UNAVAILABLE", "429, UNAVAILABLE", "500, UNAVAILABLE",
			"502, UNAVAILABLE", "503, UNAVAILABLE" })
	void anUpstreamStatusSaysWhoseFaultItWas(int status, ProviderFailure.Kind kind) {
		assertThat(ModelProvider.kind(status, "{\"error\": {\"code\": \"context_length_exceeded\"}}")).isEqualTo(kind);
	}

	@Test
	void geminisBadRequestForItsOwnKeyOrRegionIsBastionsConfiguration() {
		assertThat(
				ModelProvider.kind(400,
						"{\"error\": {\"status\": \"INVALID_ARGUMENT\", \"details\": "
								+ "[{\"reason\": \"API_KEY_INVALID\"}]}}"))
			.isEqualTo(ProviderFailure.Kind.MISCONFIGURED);
		assertThat(ModelProvider.kind(400, "{\"error\": {\"status\": \"FAILED_PRECONDITION\"}}"))
			.isEqualTo(ProviderFailure.Kind.MISCONFIGURED);
	}

	@Test
	void rejectedRequestsAreNeitherRetriedNorHeldAgainstTheProvider() {
		Failing delegate = new Failing(ProviderFailure.Kind.REJECTED);
		ResilientProvider provider = new ResilientProvider(delegate, Duration.ofSeconds(30));
		callTenTimes(provider);
		assertThat(delegate.calls.get()).isEqualTo(10);
		assertThat(provider.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(provider.circuitBreaker().getMetrics().getNumberOfFailedCalls()).isZero();
	}

	@Test
	void bastionsOwnConfigurationRefusedIsNeitherRetriedNorHeldAgainstTheProvider() {
		Failing delegate = new Failing(ProviderFailure.Kind.MISCONFIGURED);
		ResilientProvider provider = new ResilientProvider(delegate, Duration.ofSeconds(30));
		callTenTimes(provider);
		assertThat(delegate.calls.get()).isEqualTo(10);
		assertThat(provider.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void theProvidersOwnFailuresAreRetriedAndOpenTheCircuit() {
		Failing delegate = new Failing(ProviderFailure.Kind.UNAVAILABLE);
		ResilientProvider provider = new ResilientProvider(delegate, Duration.ofSeconds(30));
		callTenTimes(provider);
		assertThat(delegate.calls.get()).as("four calls retried once, then the circuit is open").isEqualTo(8);
		assertThat(provider.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
	}

	private static void callTenTimes(ResilientProvider provider) {
		for (int i = 0; i < 10; i++) {
			assertThatExceptionOfType(ProviderFailure.class).isThrownBy(() -> provider.complete("failing-model",
					List.of(new ChatMessage("user", "hi")), GenerationParameters.DEFAULTS, (piece) -> {
					}));
		}
	}

	/** A provider whose every call fails with one kind of failure. */
	static final class Failing implements ChatProvider {

		final AtomicInteger calls = new AtomicInteger();

		private final ProviderFailure.Kind kind;

		Failing(ProviderFailure.Kind kind) {
			this.kind = kind;
		}

		@Override
		public String name() {
			return "failing";
		}

		@Override
		public String model() {
			return "failing-model";
		}

		@Override
		public Completion complete(String model, List<ChatMessage> conversation, GenerationParameters parameters,
				Consumer<String> pieces) {
			this.calls.incrementAndGet();
			throw new ProviderFailure("failing", false, new IOException("refused"), this.kind,
					(this.kind == ProviderFailure.Kind.UNAVAILABLE) ? null : 400);
		}

	}

}
