package dev.bastion.voice;

import java.nio.file.Path;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(VoiceProperties.class)
class VoiceConfiguration {

	@Bean
	SpeechToText speechToText(VoiceProperties properties) {
		return SpeechToText.of(properties);
	}

	@Bean
	VoiceUploads voiceUploads(VoiceProperties properties) {
		return new VoiceUploads(Path.of(properties.voice().tempDir()), properties.voice().maxBytes().toBytes());
	}

}
