package dev.bastion.chat.provider;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

/**
 * A connection behind Resilience4j, one breaker and one retry per connection (whatever
 * model is asked of it), so a failing connection never opens another's circuit: failures
 * that happened before any text was handed on are retried with back-off (timeouts are
 * not: they already took their time), and a circuit breaker stops calling a provider that
 * keeps failing, so the next one answers at once. Only the provider's own failures count
 * ({@link ProviderFailure.Kind#UNAVAILABLE}): a request the provider rejected, or
 * Bastion's own key refused, is neither retried nor held against the provider, so no
 * caller can open the circuit for everyone by sending requests the model refuses.
 */
public final class ResilientProvider implements ChatProvider {

	private static final int ATTEMPTS = 2;

	private final ChatProvider delegate;

	private final CircuitBreaker breaker;

	private final Retry retry;

	public ResilientProvider(ChatProvider delegate, Duration openFor) {
		this.delegate = delegate;
		this.breaker = CircuitBreaker.of(delegate.name(),
				CircuitBreakerConfig.custom()
					.slidingWindowSize(10)
					.minimumNumberOfCalls(4)
					.failureRateThreshold(50)
					.waitDurationInOpenState(openFor)
					.permittedNumberOfCallsInHalfOpenState(1)
					.ignoreException(ResilientProvider::notTheProvidersFault)
					.build());
		this.retry = Retry.of(delegate.name(),
				RetryConfig.<Completion>custom()
					.maxAttempts(ATTEMPTS)
					.intervalFunction(IntervalFunction.ofExponentialBackoff(Duration.ofMillis(200), 2))
					.retryOnException((ex) -> ex instanceof ProviderFailure failure
							&& failure.kind() == ProviderFailure.Kind.UNAVAILABLE && !failure.timedOut()
							&& !failure.answering())
					.build());
	}

	/** Neither a failure nor a success for the breaker. */
	private static boolean notTheProvidersFault(Throwable ex) {
		return ex instanceof ReplyAbandoned
				|| (ex instanceof ProviderFailure failure && failure.kind() != ProviderFailure.Kind.UNAVAILABLE);
	}

	@Override
	public String name() {
		return this.delegate.name();
	}

	@Override
	public String model() {
		return this.delegate.model();
	}

	@Override
	public List<String> listModels() {
		return this.delegate.listModels();
	}

	@Override
	public String probe() {
		return this.delegate.probe();
	}

	public CircuitBreaker circuitBreaker() {
		return this.breaker;
	}

	@Override
	public Completion complete(String model, List<ChatMessage> conversation, GenerationParameters parameters,
			Consumer<String> pieces) {
		AtomicBoolean answering = new AtomicBoolean();
		try {
			return this.breaker.executeSupplier(Retry.decorateSupplier(this.retry, () -> {
				try {
					return this.delegate.complete(model, conversation, parameters, (piece) -> {
						answering.set(true);
						pieces.accept(piece);
					});
				}
				catch (ProviderFailure failure) {
					throw failure.whileAnswering(answering.get());
				}
			}));
		}
		catch (CallNotPermittedException ex) {
			throw new ProviderFailure(name(), false, ex);
		}
	}

}
