package dev.bastion.voice;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class VoiceUploadsTests {

	@TempDir
	Path root;

	@Test
	void closeWhenTheDirectoryIsAlreadyGoneWarnsOfNothing(CapturedOutput output) throws IOException {
		VoiceUploads uploads = new VoiceUploads(this.root, 1024);
		FileSystemUtils.deleteRecursively(this.root);
		uploads.close();
		assertThat(output).doesNotContain("could not be deleted");
	}

}
