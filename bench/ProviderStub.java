import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An OpenAI-compatible provider that answers at once, for bench/chat.sh: streamed
 * chat-completion chunks with usage, as OpenAI sends them. Run: java ProviderStub.java PORT
 */
public class ProviderStub {

	private static final byte[] CHUNKS = ("data: {\"id\":\"b\",\"object\":\"chat.completion.chunk\",\"created\":1,"
			+ "\"model\":\"stub\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"},\"finish_reason\":null}]}\n\n"
			+ "data: {\"id\":\"b\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"stub\",\"choices\":"
			+ "[{\"index\":0,\"delta\":{\"content\":\" there\"},\"finish_reason\":null}]}\n\n"
			+ "data: {\"id\":\"b\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"stub\",\"choices\":"
			+ "[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,"
			+ "\"completion_tokens\":2,\"total_tokens\":7}}\n\ndata: [DONE]\n\n")
		.getBytes(StandardCharsets.UTF_8);

	public static void main(String[] args) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 512);
		server.createContext("/v1/chat/completions", ProviderStub::answer);
		server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		server.start();
	}

	private static void answer(HttpExchange exchange) throws IOException {
		try (InputStream body = exchange.getRequestBody()) {
			body.readAllBytes();
		}
		exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
		exchange.sendResponseHeaders(200, CHUNKS.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(CHUNKS);
		}
	}

}
