package dev.bastion.chat.provider;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.output.TokenUsage;

/**
 * Any OpenAI-compatible server (OpenAI, Ollama, vLLM, llama.cpp...) through LangChain4j's
 * client, always streaming: pieces are handed on as they arrive.
 */
public final class OpenAiProvider implements ChatProvider {

	public static final String NAME = "openai";

	private final OpenAiStreamingChatModel model;

	private final String modelName;

	private final Duration timeout;

	public OpenAiProvider(String baseUrl, String apiKey, String modelName, Duration timeout) {
		this.model = OpenAiStreamingChatModel.builder()
			.baseUrl(baseUrl)
			.apiKey(apiKey)
			.modelName(modelName)
			.timeout(timeout)
			.logRequests(false)
			.logResponses(false)
			.build();
		this.modelName = modelName;
		this.timeout = timeout;
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public String model() {
		return this.modelName;
	}

	@Override
	public Completion complete(List<ChatMessage> conversation, Consumer<String> pieces) {
		CompletableFuture<ChatResponse> done = new CompletableFuture<>();
		this.model.chat(conversation.stream().map(OpenAiProvider::message).toList(),
				new StreamingChatResponseHandler() {
					@Override
					public void onPartialResponse(String piece) {
						pieces.accept(piece);
					}

					@Override
					public void onCompleteResponse(ChatResponse response) {
						done.complete(response);
					}

					@Override
					public void onError(Throwable error) {
						done.completeExceptionally(error);
					}
				});
		try {
			ChatResponse response = done.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			TokenUsage usage = response.tokenUsage();
			String model = (response.modelName() != null) ? response.modelName() : this.modelName;
			return new Completion(response.aiMessage().text(), model, count(usage, true), count(usage, false));
		}
		catch (TimeoutException ex) {
			done.cancel(true);
			throw new ProviderFailure(NAME, true, ex);
		}
		catch (ExecutionException ex) {
			throw new ProviderFailure(NAME, false, (ex.getCause() != null) ? ex.getCause() : ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ProviderFailure(NAME, false, ex);
		}
	}

	private static int count(TokenUsage usage, boolean input) {
		Integer count = (usage == null) ? null : (input ? usage.inputTokenCount() : usage.outputTokenCount());
		return (count != null) ? count : 0;
	}

	private static dev.langchain4j.data.message.ChatMessage message(ChatMessage message) {
		return switch (message.role()) {
			case "system" -> SystemMessage.from(message.text());
			case "assistant" -> AiMessage.from(message.text());
			default -> UserMessage.from(message.text());
		};
	}

}
