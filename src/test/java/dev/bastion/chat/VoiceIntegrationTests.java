package dev.bastion.chat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.bastion.account.AccountLimits;
import dev.bastion.support.Api;
import dev.bastion.support.Http;

import static dev.bastion.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Voice messages through the real server, transcribed by a local server speaking the
 * OpenAI {@code /audio/transcriptions} wire format: the recording is checked (empty, too
 * large, not audio), kept in an owner-only file while it is transcribed, and deleted in
 * every outcome; at start-up, uploads a dead process left in its own directory are swept,
 * and nothing else in {@code VOICE_TEMP_DIR} is touched.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "OPENAI_API_KEY=sk-test-speech-123456", "PROVIDER_ORDER=offline", "SPEECH_MODEL=stub-whisper" })
@ExtendWith(OutputCaptureExtension.class)
class VoiceIntegrationTests {

	static final String TRANSCRIPT = "remind me about the dermatologist";

	static final AtomicReference<String> mode = new AtomicReference<>("ok");

	/** What the transcription server saw in the upload directory while it worked. */
	static final List<String> seenWhileTranscribing = new CopyOnWriteArrayList<>();

	static final AtomicReference<String> lastRequest = new AtomicReference<>("");

	static HttpServer stub;

	static Path uploads;

	/**
	 * Uploads left by processes that are gone, in this version's and the older layout.
	 */
	static List<Path> leftovers;

	/** What is not Bastion's, or belongs to a live process, and must survive a start. */
	static List<Path> others;

	@LocalServerPort
	int port;

	@Autowired
	AccountLimits limits;

	@DynamicPropertySource
	static void speech(DynamicPropertyRegistry registry) throws IOException {
		uploads = Files.createTempDirectory("bastion-voice-test").resolve("data");
		Files.createDirectories(uploads);
		prepareVoiceTempDir();
		stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		stub.createContext("/v1/audio/transcriptions", VoiceIntegrationTests::transcribe);
		stub.start();
		registry.add("OPENAI_BASE_URL", () -> "http://127.0.0.1:" + stub.getAddress().getPort() + "/v1");
		registry.add("VOICE_TEMP_DIR", uploads::toString);
	}

	/**
	 * VOICE_TEMP_DIR pointed at a data directory: a database, an unrelated file and
	 * directory, a live process's upload, and what dead processes left.
	 */
	static void prepareVoiceTempDir() throws IOException {
		String upload = java.util.UUID.randomUUID() + ".upload";
		Path dead = Files.createDirectory(uploads.resolve("bastion-voice-999999999-0123456789abcdef"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		Path older = Files.createDirectory(uploads.resolve("999999998"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		Path live = Files.createDirectory(uploads
			.resolve("bastion-voice-" + ProcessHandle.current().parent().orElseThrow().pid() + "-fedcba9876543210"));
		Path strangers = Files.createDirectory(uploads.resolve("bastion-voice-999999997-00000000000000aa"));
		leftovers = List.of(Files.writeString(dead.resolve(upload), "audio of a process that is gone"),
				Files.writeString(older.resolve(upload), "audio of an older version"),
				Files.writeString(strangers.resolve(upload), "audio beside a stranger's file"));
		others = List.of(Files.writeString(uploads.resolve("bastion.mv.db"), "the database"),
				Files.writeString(uploads.resolve("notes.txt"), "unrelated"),
				Files.writeString(Files.createDirectory(uploads.resolve("2024")).resolve(upload), "not in a 0700 dir"),
				Files.writeString(live.resolve(upload), "a live process's upload"),
				Files.writeString(strangers.resolve("keep.txt"), "not an upload"));
	}

	@Test
	void theStartSweptOnlyDeadProcessesUploadsAndNothingElse() {
		assertThat(leftovers).noneMatch(Files::exists);
		assertThat(others).allMatch(Files::exists);
		assertThat(uploads.resolve("bastion-voice-999999999-0123456789abcdef")).doesNotExist();
		assertThat(uploads.resolve("999999998")).doesNotExist();
	}

	@AfterEach
	void reset() {
		mode.set("ok");
		seenWhileTranscribing.clear();
	}

	@AfterAll
	static void stop() {
		stub.stop(0);
	}

	static void transcribe(HttpExchange exchange) throws IOException {
		try (InputStream body = exchange.getRequestBody()) {
			lastRequest.set(new String(body.readAllBytes(), StandardCharsets.ISO_8859_1));
		}
		try (Stream<Path> entries = Files.walk(ownDirectory())) {
			for (Path entry : entries.toList()) {
				String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(entry));
				seenWhileTranscribing
					.add(Files.isDirectory(entry) ? "dir " + mode : "file " + mode + " " + Files.size(entry));
			}
		}
		boolean error = mode.get().equals("error");
		byte[] answer = (error ? "{\"error\": {\"message\": \"overloaded\", \"type\": \"server_error\"}}"
				: "{\"text\": \"" + TRANSCRIPT + "\"}")
			.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(error ? 500 : 200, answer.length);
		exchange.getResponseBody().write(answer);
		exchange.close();
	}

	@Test
	void aRecordingIsTranscribedFromAPrivateFileThenAnsweredAndDeleted(CapturedOutput output) throws IOException {
		Api api = new Api(this.port);
		String token = api.newUser("speaker").path("access_token").asString();
		String session = Http.json(api.post("/api/v1/sessions", token, "{}")).path("session_id").asString();
		byte[] wav = wav(8000);
		HttpResponse<String> response = upload(token, wav, "session_id", session);
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode reply = Http.json(response);
		assertThat(reply.path("transcript").asString()).isEqualTo(TRANSCRIPT);
		assertThat(reply.path("reply").asString()).contains("offline assistant");
		assertThat(reply.path("session_id").asString()).isEqualTo(session);
		assertThat(seenWhileTranscribing).as("this process's directory, the recording")
			.containsExactly("dir rwx------", "file rw------- " + wav.length);
		assertThat(lastRequest.get()).contains("stub-whisper").contains("RIFF");
		assertThat(leftovers()).isEmpty();
		assertThat(output.getAll()).doesNotContain("dermatologist").doesNotContain("sk-test-speech-123456");
	}

	@Test
	void emptyTooLargeAndNotAudioAreRefusedAndNothingIsLeft() throws IOException {
		Api api = new Api(this.port);
		String token = api.newUser("badaudio").path("access_token").asString();
		assertProblem(upload(token, new byte[0]), 400, "VALIDATION_ERROR");
		assertProblem(upload(token, wav(10 * 1024 * 1024)), 413, "PAYLOAD_TOO_LARGE");
		assertProblem(upload(token, "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"
			.getBytes(StandardCharsets.UTF_8)), 415, "UNSUPPORTED_MEDIA_TYPE");
		byte[] renamedText = "RIFF but not really a wave file, just text".getBytes(StandardCharsets.UTF_8);
		assertProblem(upload(token, renamedText), 415, "UNSUPPORTED_MEDIA_TYPE");
		assertProblem(api.post("/api/v1/voice", token, "{\"audio\": \"UklGRg==\"}"), 415, "UNSUPPORTED_MEDIA_TYPE");
		assertProblem(upload(token, wav(100), "session_id", "not-a-uuid"), 400, "VALIDATION_ERROR");
		assertProblem(upload(token, wav(100), "extra", "x"), 400, "VALIDATION_ERROR");
		assertThat(seenWhileTranscribing).as("nothing reached speech-to-text").isEmpty();
		assertThat(leftovers()).isEmpty();
	}

	@Test
	void aFailingSpeechProviderIs503AndTheFileIsDeleted() throws IOException {
		mode.set("error");
		Api api = new Api(this.port);
		String token = api.newUser("hoarse").path("access_token").asString();
		HttpResponse<String> response = upload(token, wav(1000));
		assertProblem(response, 503, "PROVIDER_UNAVAILABLE");
		assertThat(response.headers().firstValue("Retry-After")).isPresent();
		assertThat(leftovers()).isEmpty();
	}

	@Test
	void anotherUsersConversationIsRefusedBeforeTranscription() throws IOException {
		Api api = new Api(this.port);
		String owner = api.newUser("voiceowner").path("access_token").asString();
		String intruder = api.newUser("voiceintruder").path("access_token").asString();
		String session = Http.json(api.post("/api/v1/sessions", owner, "{}")).path("session_id").asString();
		assertProblem(upload(intruder, wav(1000), "session_id", session), 404, "NOT_FOUND");
		assertThat(seenWhileTranscribing).as("nothing reached speech-to-text").isEmpty();
		assertThat(leftovers()).isEmpty();
	}

	/**
	 * A transcription is paid for: it is charged to the caller's day (as the speech
	 * model's tokens, the transcript's), and a caller whose budget is spent is refused
	 * before anything is transcribed (as one who may not use the default model is).
	 */
	@Test
	void aTranscriptionIsChargedAndRefusedCallersAreRefusedBeforeIt() throws IOException {
		Api api = new Api(this.port);
		JsonNode user = api.newUser("charged");
		String token = user.path("access_token").asString();
		UUID id = UUID.fromString(user.path("user").path("id").asString());
		assertThat(upload(token, wav(1000)).statusCode()).isEqualTo(200);
		JsonNode today = Http.json(api.get("/api/v1/users/me/usage?days=1", token)).path("series").get(0);
		assertThat(today.path("models").findValues("model").stream().map(JsonNode::asString)).contains("stub-whisper");
		assertThat(today.path("models")
			.findParents("model")
			.stream()
			.filter((model) -> model.path("model").asString().equals("stub-whisper"))
			.findFirst()
			.orElseThrow()
			.path("tokens")
			.asLong()).isEqualTo((TRANSCRIPT.length() + 3) / 4);

		this.limits.setDailyTokenBudget(id, 1L);
		assertProblem(upload(token, wav(1000)), 429, "RATE_LIMIT_EXCEEDED");
		assertThat(seenWhileTranscribing).as("only the first reached speech-to-text").hasSize(2);
	}

	@Test
	void anonymousCallersAreRefused() {
		assertProblem(upload(null, wav(100)), 401, "AUTHENTICATION_REQUIRED");
	}

	private HttpResponse<String> upload(String token, byte[] audio, String... fields) {
		String boundary = "bastion-test-boundary-7c1f";
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (int i = 0; i < fields.length; i += 2) {
			body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fields[i] + "\"\r\n\r\n"
					+ fields[i + 1] + "\r\n")
				.getBytes(StandardCharsets.UTF_8));
		}
		body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"audio\"; filename=\"note.wav\""
				+ "\r\nContent-Type: audio/wav\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8));
		body.writeBytes(audio);
		body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		List<String> headers = new java.util.ArrayList<>(
				List.of("Content-Type", "multipart/form-data; boundary=" + boundary));
		if (token != null) {
			headers.addAll(List.of("Authorization", "Bearer " + token));
		}
		return Http.local(this.port)
			.send("POST", "/api/v1/voice", BodyPublishers.ofByteArray(body.toByteArray()),
					headers.toArray(String[]::new));
	}

	/** What is left in this process's own directory. */
	private static List<Path> leftovers() throws IOException {
		try (Stream<Path> files = Files.walk(ownDirectory())) {
			return files.filter(Files::isRegularFile).toList();
		}
	}

	private static Path ownDirectory() throws IOException {
		try (Stream<Path> entries = Files.list(uploads)) {
			return entries
				.filter((entry) -> entry.getFileName()
					.toString()
					.startsWith("bastion-voice-" + ProcessHandle.current().pid() + "-"))
				.findFirst()
				.orElseThrow();
		}
	}

	/** A real PCM WAV file: 8 kHz, 16-bit mono, {@code bytes} bytes of silence. */
	static byte[] wav(int bytes) {
		ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
		header.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + bytes);
		header.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1);
		header.putInt(8000).putInt(16000).putShort((short) 2).putShort((short) 16);
		header.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(bytes);
		byte[] wav = new byte[44 + bytes];
		System.arraycopy(header.array(), 0, wav, 0, 44);
		return wav;
	}

}
