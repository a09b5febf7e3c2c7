package dev.bastion.voice;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.jakarta.servlet6.JakartaServletFileUpload;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.bastion.chat.ChatTurns;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;
import dev.bastion.system.InvalidInputException;

/**
 * {@code POST /api/v1/voice}: a recording ({@code audio}, multipart) is streamed to a
 * private temp file, checked, transcribed, and answered like a chat message. The body is
 * parsed as a stream (Commons FileUpload) so the recording is never buffered in memory or
 * spooled anywhere but {@link VoiceUploads}. Everything cheap is refused first: no speech
 * provider, not multipart, budget spent.
 */
@RestController
class VoiceController {

	private static final int MAX_FIELD_BYTES = 64;

	private final ChatTurns chat;

	private final SpeechToText speech;

	private final VoiceUploads uploads;

	VoiceController(ChatTurns chat, SpeechToText speech, VoiceUploads uploads) {
		this.chat = chat;
		this.speech = speech;
		this.uploads = uploads;
	}

	@PostMapping("/api/v1/voice")
	VoiceReply voice(@Nullable Authentication authentication, HttpServletRequest request) throws IOException {
		this.speech.checkAvailable();
		if (!JakartaServletFileUpload.isMultipartContent(request)) {
			throw new BastionException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
					"Send the recording as multipart/form-data, in a part named audio.");
		}
		ChatTurns.Asker caller = this.chat.asker(authentication, request);
		this.chat.checkMayAsk(caller);
		try (VoiceMessage message = read(request)) {
			if (message.sessionId() != null) {
				this.chat.checkOwner(message.sessionId(), caller);
			}
			String transcript = this.speech.transcribe(message.recording().file(), message.recording().type());
			this.chat.chargeTranscription(caller, this.speech.modelName(), transcript);
			if (transcript.isEmpty()) {
				throw new InvalidInputException("audio", "has no speech that could be recognised");
			}
			ChatTurns.Answer reply = this.chat.answer(caller, message.sessionId(), transcript);
			return new VoiceReply(transcript, reply.reply(), reply.sessionId(), reply.provider(), reply.model());
		}
	}

	/**
	 * The form's parts, streamed: the recording (required, once) to a temp file, and an
	 * optional session id. The temp file is gone again if anything in the form is wrong.
	 */
	private VoiceMessage read(HttpServletRequest request) throws IOException {
		VoiceUploads.@Nullable Upload upload = null;
		boolean complete = false;
		try {
			@Nullable UUID sessionId = null;
			FileItemInputIterator items = new JakartaServletFileUpload<>().getItemIterator(request);
			while (items.hasNext()) {
				FileItemInput item = items.next();
				try (InputStream in = item.getInputStream()) {
					switch (String.valueOf(item.getFieldName())) {
						case "audio" -> {
							if (upload != null) {
								throw new InvalidInputException("audio", "must be sent once");
							}
							upload = this.uploads.receive(in);
						}
						case "session_id" -> sessionId = sessionId(in);
						default -> throw new InvalidInputException(String.valueOf(item.getFieldName()),
								"is not a known field");
					}
				}
			}
			if (upload == null) {
				throw new InvalidInputException("audio", "is required");
			}
			complete = true;
			return new VoiceMessage(upload, sessionId);
		}
		catch (FileUploadException ex) {
			if (ex.getCause() instanceof IOException cause && !(cause instanceof FileUploadException)) {
				throw cause;
			}
			throw new BastionException(ErrorCode.MALFORMED_REQUEST, "The multipart body could not be read.");
		}
		finally {
			if (!complete && upload != null) {
				upload.close();
			}
		}
	}

	private static UUID sessionId(InputStream in) throws IOException {
		String value = new String(in.readNBytes(MAX_FIELD_BYTES), StandardCharsets.UTF_8).strip();
		try {
			return UUID.fromString(value);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidInputException("session_id", "must be a UUID");
		}
	}

	/** A received voice message; closing it deletes the recording. */
	private record VoiceMessage(VoiceUploads.Upload recording, @Nullable UUID sessionId) implements AutoCloseable {

		@Override
		public void close() {
			this.recording.close();
		}

	}

	/** The answer to a voice message. Its text is never logged. */
	record VoiceReply(String transcript, String reply, @Nullable UUID sessionId, String provider, String model) {

		@Override
		public String toString() {
			return "VoiceReply[provider=" + this.provider + "]";
		}

	}

}
