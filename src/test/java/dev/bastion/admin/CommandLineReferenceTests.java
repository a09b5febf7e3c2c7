package dev.bastion.admin;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import dev.bastion.BastionApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/command-line.md} against the jar's own help: every usage block on the page
 * is exactly what {@code --help} prints, and every command has one.
 */
class CommandLineReferenceTests {

	private static final Path PAGE = Path.of("docs/command-line.md");

	private static final String PROMPT = "$ java -jar bastion.jar ";

	/** A block that opens with {@code $ java -jar bastion.jar ... --help}. */
	record UsageBlock(String command, String output) {

		String[] arguments() {
			return this.command.substring(PROMPT.length()).split(" ");
		}

	}

	@Test
	void everyUsageBlockIsWhatTheJarPrints() throws IOException {
		List<UsageBlock> blocks = usageBlocks();
		assertThat(blocks).isNotEmpty();
		for (UsageBlock block : blocks) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			OptionalInt exit = new BastionCommandLine(BastionApplication.class, new ByteArrayInputStream(new byte[0]),
					new PrintStream(out, true, StandardCharsets.UTF_8), System.err)
				.run(block.arguments());
			assertThat(exit).as(block.command()).hasValue(0);
			assertThat(out.toString(StandardCharsets.UTF_8)).as(block.command()).isEqualTo(block.output());
		}
	}

	@Test
	void everyCommandHasAUsageBlock() throws IOException {
		Map<String, UsageBlock> documented = usageBlocks().stream()
			.collect(Collectors.toMap(UsageBlock::command, Function.identity()));
		List<String> commands = new ArrayList<>();
		collect(new BastionCommandLine(BastionApplication.class, System.in, System.out, System.err).commandLine(), "",
				commands);
		assertThat(commands).contains("admin users ", "admin emergency-limit on ", "doctor ");
		assertThat(documented.keySet()).containsAll(commands.stream().map((name) -> PROMPT + name + "--help").toList());
	}

	private static void collect(CommandLine command, String prefix, List<String> names) {
		names.add(prefix);
		command.getSubcommands().forEach((name, sub) -> {
			if (!name.equals("help")) {
				collect(sub, prefix + name + " ", names);
			}
		});
	}

	private static List<UsageBlock> usageBlocks() throws IOException {
		List<String> lines = Files.readAllLines(PAGE, StandardCharsets.UTF_8);
		List<UsageBlock> blocks = new ArrayList<>();
		for (int i = 0; i + 1 < lines.size(); i++) {
			String command = lines.get(i + 1);
			if (lines.get(i).equals("```text") && command.startsWith(PROMPT) && command.endsWith(" --help")) {
				int end = lines.subList(i + 2, lines.size()).indexOf("```") + i + 2;
				String output = String.join("\n", lines.subList(i + 2, end)) + "\n";
				blocks.add(new UsageBlock(command, output));
				i = end;
			}
		}
		return blocks;
	}

}
