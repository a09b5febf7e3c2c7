package dev.bastion.chat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.bastion.support.Launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A MODELS_FILE with a wrong entry refuses the start, naming the entry and never a key:
 * an alias to a model no connection offers, two connections of one name, a base URL that
 * is not one, an unknown key (a typo would otherwise be ignored in silence).
 */
@ExtendWith(OutputCaptureExtension.class)
class ModelsFileStartupTests {

	static final String CONNECTION = """
			connections:
			  - name: local
			    type: openai
			    base-url: %s
			    api-key: sk-secret-never-shown
			    models: [llama]
			""";

	@TempDir
	Path directory;

	@Test
	void anAliasToAModelNoConnectionOffersRefusesTheStart(CapturedOutput output) throws IOException {
		assertRefused(output, CONNECTION.formatted("http://127.0.0.1:1/v1") + "aliases:\n  fast: gpt-9\n",
				"MODELS_FILE names alias fast for a model no connection offers");
	}

	@Test
	void twoConnectionsOfOneNameRefuseTheStart(CapturedOutput output) throws IOException {
		String twice = CONNECTION.formatted("http://127.0.0.1:1/v1")
				+ CONNECTION.formatted("http://127.0.0.1:2/v1").replace("connections:\n", "");
		assertRefused(output, twice, "MODELS_FILE names connection local twice");
	}

	@Test
	void aBaseUrlThatIsNotOneRefusesTheStart(CapturedOutput output) throws IOException {
		assertRefused(output, CONNECTION.formatted("ollama:11434"),
				"MODELS_FILE gives connection local a base URL that is not an absolute http or https URL");
	}

	@Test
	void anUnknownKeyRefusesTheStart(CapturedOutput output) throws IOException {
		assertRefused(output, CONNECTION.formatted("http://127.0.0.1:1/v1") + "modles:\n  - name: llama\n",
				"MODELS_FILE has the file with an unknown key modles");
	}

	private void assertRefused(CapturedOutput output, String yaml, String reason) throws IOException {
		Path file = Files.writeString(this.directory.resolve("models.yaml"), yaml);
		assertThatThrownBy(() -> Launcher.start(Map.of("MODELS_FILE", file.toString())).close())
			.hasStackTraceContaining(reason);
		assertThat(output).contains("Bastion refuses to start: " + reason).doesNotContain("sk-secret-never-shown");
	}

}
