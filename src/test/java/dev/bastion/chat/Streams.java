package dev.bastion.chat;

import java.net.http.HttpResponse;
import java.util.List;

import tools.jackson.databind.JsonNode;

import dev.bastion.support.Http;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads a streamed chat completion as an OpenAI client does: the JSON of each
 * {@code data:} event up to {@code [DONE]}.
 */
final class Streams {

	private Streams() {
	}

	/** The chunks of a complete stream; fails unless it ended with {@code [DONE]}. */
	static List<JsonNode> chunks(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		List<String> data = response.body()
			.lines()
			.filter((line) -> line.startsWith("data:"))
			.map((line) -> line.substring("data:".length()).strip())
			.toList();
		assertThat(data).last().isEqualTo("[DONE]");
		return data.subList(0, data.size() - 1).stream().map(Http::json).toList();
	}

	/** The text of the answer, from the chunks' deltas. */
	static String text(List<JsonNode> chunks) {
		StringBuilder text = new StringBuilder();
		for (JsonNode chunk : chunks) {
			for (JsonNode choice : chunk.path("choices").values()) {
				text.append(choice.path("delta").path("content").asString(""));
			}
		}
		return text.toString();
	}

}
