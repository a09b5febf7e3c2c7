package dev.bastion.chat;

import org.junit.jupiter.api.Test;

import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.bastion.chat.provider.ReplyAbandoned;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EventStreamsTests {

	@Test
	void anEventForAStreamThatHasEndedIsAnAbandonedReplyNotAProviderFailure() {
		SseEmitter ended = new SseEmitter(1000L);
		ended.complete();
		assertThatExceptionOfType(ReplyAbandoned.class)
			.isThrownBy(() -> EventStreams.send(ended, SseEmitter.event().name("token").data("piece")))
			.withCauseInstanceOf(IllegalStateException.class);
	}

}
