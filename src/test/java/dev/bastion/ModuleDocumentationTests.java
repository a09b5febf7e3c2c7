package dev.bastion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Modulith's documentation of the modules (a C4 component diagram of all modules,
 * one diagram and one canvas per module, in PlantUML and AsciiDoc) stays in
 * {@code docs/modules} as the code is: the test generates it afresh and fails when the
 * committed files differ. {@code -Ddocs.write=true} writes them instead.
 */
class ModuleDocumentationTests {

	private static final Path COMMITTED = Path.of("docs", "modules");

	private static final Path GENERATED = Path.of("target", "modules-docs");

	@Test
	void committedModuleDocumentationMatchesTheCode() throws IOException {
		new Documenter(ApplicationModules.of(BastionApplication.class),
				Documenter.Options.defaults().withOutputFolder(GENERATED.toString()))
			.writeDocumentation();
		List<Path> generated = files(GENERATED);
		if (Boolean.getBoolean("docs.write")) {
			Files.createDirectories(COMMITTED);
			for (Path file : generated) {
				Files.copy(GENERATED.resolve(file), COMMITTED.resolve(file), StandardCopyOption.REPLACE_EXISTING);
			}
		}
		assertThat(files(COMMITTED)).as("files in %s", COMMITTED).containsExactlyInAnyOrderElementsOf(generated);
		for (Path file : generated) {
			// Modulith lists modules and relations in no fixed order: compare the lines.
			assertThat(lines(COMMITTED.resolve(file)))
				.as("%s is out of date: run this test with -Ddocs.write=true", COMMITTED.resolve(file))
				.containsExactlyInAnyOrderElementsOf(lines(GENERATED.resolve(file)));
		}
	}

	/**
	 * A canvas cell's list starts on the cell's line ({@code |* `A`}) or, when its first
	 * entry is a type Modulith shows as nothing (a module's internal event), on the next
	 * one: which comes first varies from run to run, so each cell mark stands on its own
	 * line and blank lines are left out.
	 */
	private static List<String> lines(Path file) throws IOException {
		return Files.readAllLines(file)
			.stream()
			.flatMap((line) -> line.startsWith("|* ") ? Stream.of("|", line.substring(1)) : Stream.of(line))
			.filter((line) -> !line.isBlank())
			.toList();
	}

	private static List<Path> files(Path directory) throws IOException {
		if (!Files.isDirectory(directory)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter(Files::isRegularFile).map(directory::relativize).sorted().toList();
		}
	}

}
