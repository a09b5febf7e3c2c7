package dev.bastion.voice;

import java.nio.file.Path;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.bastion.chat.ChatProperties;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(VoiceProperties.class)
class VoiceConfiguration {

	@Bean
	SpeechToText speechToText(VoiceProperties voice, ChatProperties chat) {
		return SpeechToText.of(voice, chat);
	}

	@Bean
	VoiceUploads voiceUploads(VoiceProperties properties) {
		return new VoiceUploads(Path.of(properties.tempDir()), properties.maxBytes().toBytes());
	}

}
