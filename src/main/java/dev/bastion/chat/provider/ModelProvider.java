package dev.bastion.chat.provider;

import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.BiFunction;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.catalog.ModelCatalog;
import dev.langchain4j.model.catalog.ModelDescription;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.googleai.GoogleAiGeminiModelCatalog;
import dev.langchain4j.model.googleai.GoogleAiGeminiStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiModelCatalog;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.output.TokenUsage;
import org.jspecify.annotations.Nullable;

/**
 * A remote model through LangChain4j's streaming client: any OpenAI-compatible server
 * (OpenAI, Ollama, vLLM, llama.cpp...) or Google's Gemini. Pieces are handed on as they
 * arrive; when the caller stops listening the stream to the model is cancelled too.
 * Request and response logging stay off: they would write conversations and keys.
 */
public final class ModelProvider implements ChatProvider {

	public static final String OPENAI = "openai";

	public static final String GEMINI = "gemini";

	private static final int CLIENT_ERROR = 400;

	private static final int BAD_REQUEST = 400;

	private static final int REQUEST_TIMEOUT = 408;

	private static final int CONTENT_TOO_LARGE = 413;

	private static final int UNPROCESSABLE = 422;

	private static final int TOO_MANY_REQUESTS = 429;

	private static final int SERVER_ERROR = 500;

	private final String name;

	private final SeededModels models;

	private final BiFunction<String, GenerationParameters, ChatRequestParameters> parameters;

	private final String modelName;

	private final Duration timeout;

	private final ModelCatalog catalog;

	private ModelProvider(String name, SeededModels models,
			BiFunction<String, GenerationParameters, ChatRequestParameters> parameters, ModelCatalog catalog,
			String modelName, Duration timeout) {
		this.name = name;
		this.models = models;
		this.parameters = parameters;
		this.catalog = catalog;
		this.modelName = modelName;
		this.timeout = timeout;
	}

	/** Connection {@code name} to an OpenAI-compatible server. */
	public static ModelProvider openAi(String name, String baseUrl, String apiKey, String modelName, Duration timeout) {
		return new ModelProvider(name,
				SeededModels.one(OpenAiStreamingChatModel.builder()
					.baseUrl(baseUrl)
					.apiKey(apiKey)
					.modelName(modelName)
					.timeout(timeout)
					.logRequests(false)
					.logResponses(false)
					.build()),
				ProviderParameters::openAi,
				OpenAiModelCatalog.builder()
					.baseUrl(baseUrl)
					.apiKey(apiKey)
					.connectTimeout(timeout)
					.readTimeout(timeout)
					.logRequests(false)
					.logResponses(false)
					.build(),
				modelName, timeout);
	}

	/** Connection {@code name} to Google's Gemini API. */
	public static ModelProvider gemini(String name, String baseUrl, String apiKey, String modelName, Duration timeout) {
		return new ModelProvider(name,
				SeededModels.perSeed(geminiModel(baseUrl, apiKey, modelName, timeout, null),
						(seed) -> geminiModel(baseUrl, apiKey, modelName, timeout, seed)),
				ProviderParameters::gemini,
				GoogleAiGeminiModelCatalog.builder()
					.baseUrl(baseUrl)
					.apiKey(apiKey)
					.timeout(timeout)
					.logRequestsAndResponses(false)
					.build(),
				modelName, timeout);
	}

	private static StreamingChatModel geminiModel(String baseUrl, String apiKey, String modelName, Duration timeout,
			@Nullable Integer seed) {
		return GoogleAiGeminiStreamingChatModel.builder()
			.baseUrl(baseUrl)
			.apiKey(apiKey)
			.modelName(modelName)
			.timeout(timeout)
			.seed(seed)
			.logRequestsAndResponses(false)
			.build();
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public String model() {
		return this.modelName;
	}

	/** Gemini lists its models as {@code models/<id>}: the id is what is asked for. */
	@Override
	public List<String> listModels() {
		return this.catalog.listModels()
			.stream()
			.map(ModelDescription::name)
			.map((model) -> model.substring(model.lastIndexOf('/') + 1))
			.distinct()
			.toList();
	}

	@Override
	public String probe() {
		List<ModelDescription> models = this.catalog.listModels();
		if (this.modelName.isEmpty()) {
			return "reachable, " + models.size() + " models";
		}
		boolean listed = models.stream()
			.anyMatch((model) -> this.modelName.equals(model.name()) || model.name().endsWith("/" + this.modelName));
		return "reachable, " + models.size() + " models, " + this.modelName
				+ (listed ? " among them" : " NOT among them");
	}

	@Override
	public Completion complete(String model, List<ChatMessage> conversation, GenerationParameters parameters,
			Consumer<String> pieces) {
		ChatRequest request = ChatRequest.builder()
			.messages(conversation.stream().map(ModelProvider::message).toList())
			.parameters(this.parameters.apply(model, parameters))
			.build();
		StreamedAnswer answer = new StreamedAnswer(pieces);
		this.models.forSeed(parameters.seed()).chat(request, answer);
		return await(answer, model, conversation.stream().mapToLong((message) -> message.text().length()).sum());
	}

	/** The whole answer within the timeout, or the failure that ended it. */
	private Completion await(StreamedAnswer answer, String model, long promptChars) {
		try {
			ChatResponse response = answer.done.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			TokenUsage usage = response.tokenUsage();
			String answeredBy = (response.modelName() != null) ? response.modelName() : model;
			String text = response.aiMessage().text();
			String answered = (text != null) ? text : "";
			return new Completion(answered, answeredBy,
					tokens((usage != null) ? usage.inputTokenCount() : null, promptChars),
					tokens((usage != null) ? usage.outputTokenCount() : null, answered.length()));
		}
		catch (TimeoutException ex) {
			answer.abandoned.set(true);
			answer.done.cancel(true);
			throw new ProviderFailure(this.name, true, ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof ReplyAbandoned stopped) {
				throw stopped;
			}
			throw failure((ex.getCause() != null) ? ex.getCause() : ex);
		}
		catch (InterruptedException ex) {
			answer.abandoned.set(true);
			Thread.currentThread().interrupt();
			throw new ProviderFailure(this.name, false, ex);
		}
	}

	/**
	 * The failure, by whose fault it was: the HTTP status the provider answered with, if
	 * any, decides (see {@link ProviderFailure.Kind}). The body is looked at, never kept.
	 */
	private ProviderFailure failure(Throwable error) {
		if (isTimeout(error)) {
			return new ProviderFailure(this.name, true, error);
		}
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause instanceof HttpException http) {
				return new ProviderFailure(this.name, false, error, kind(http.statusCode(), http.getMessage()),
						http.statusCode());
			}
		}
		return new ProviderFailure(this.name, false, error);
	}

	static ProviderFailure.Kind kind(int status, @Nullable String body) {
		if (status == REQUEST_TIMEOUT || status == TOO_MANY_REQUESTS || status >= SERVER_ERROR
				|| status < CLIENT_ERROR) {
			return ProviderFailure.Kind.UNAVAILABLE;
		}
		boolean aboutTheRequest = status == BAD_REQUEST || status == CONTENT_TOO_LARGE || status == UNPROCESSABLE;
		return (aboutTheRequest && !refusesBastionItself(body)) ? ProviderFailure.Kind.REJECTED
				: ProviderFailure.Kind.MISCONFIGURED;
	}

	/**
	 * Gemini answers a wrong key, and a project or region it does not serve, with 400:
	 * those are Bastion's configuration, not the caller's request.
	 */
	private static boolean refusesBastionItself(@Nullable String body) {
		return body != null && (body.contains("API_KEY_INVALID") || body.contains("FAILED_PRECONDITION"));
	}

	/** Whether the client library gave up waiting (its own timeout fired first). */
	private static boolean isTimeout(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException
					|| cause instanceof SocketTimeoutException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The tokens the server reported, or, from a server that reports none (some
	 * OpenAI-compatible servers and proxies leave usage out of streamed replies), an
	 * estimate of four characters a token, as for a reply that was cut off: counting
	 * nothing would let such a connection's replies past every budget.
	 */
	private static int tokens(@Nullable Integer reported, long chars) {
		return (reported != null) ? reported : Completion.estimatedTokens(chars);
	}

	private static dev.langchain4j.data.message.ChatMessage message(ChatMessage message) {
		return switch (message.role()) {
			case "system" -> SystemMessage.from(message.text());
			case "assistant" -> AiMessage.from(message.text());
			default -> UserMessage.from(message.text());
		};
	}

}
