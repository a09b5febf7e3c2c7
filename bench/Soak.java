import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The open-loop load of bench/soak.sh: several streams at fixed rates, each from its own
 * address (X-Forwarded-For through a trusted proxy), whatever the answers' latency. Every
 * STEP seconds it writes one CSV row (the server's RSS and CPU time from /proc, each
 * stream's p99 and the answers it did not expect); at the end a verdict.
 *
 *   java Soak.java BASE_URL USERNAME PASSWORD SERVER_PID MINUTES STEP_SECONDS SCALE MAX_SLOPE CSV
 *
 * Streams (requests per second at SCALE 1): login 1 (a returning user with a device token,
 * argon2id; the access tokens it gets serve chat and users/me), chat 10 (half with the
 * reply cache off, half over 2,000 distinct questions), users/me 20, health 0.5 (a monitor,
 * under the 60/min limit), livez 5, and abuse 20: /api/v1/health far over its limit, whose
 * 429s are intended. Health, livez and abuse send no token, as monitors do. Any other answer
 * than 200 (or 429 for abuse) is an error, so is a timeout (10 s).
 */
public class Soak {

	private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

	private static final Pattern DEVICE_TOKEN = Pattern.compile("\"device_token\"\\s*:\\s*\"([^\"]+)\"");

	private final String base;

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final AtomicReference<String> token = new AtomicReference<>();

	private final List<Stream> streams = new ArrayList<>();

	Soak(String base) {
		this.base = base;
	}

	public static void main(String[] args) throws Exception {
		String base = args[0];
		String credentials = "\"username\":\"" + args[1] + "\",\"password\":\"" + args[2] + "\"";
		long pid = Long.parseLong(args[3]);
		int minutes = Integer.parseInt(args[4]);
		int step = Integer.parseInt(args[5]);
		double scale = Double.parseDouble(args[6]);
		double maxSlope = Double.parseDouble(args[7]);
		Soak soak = new Soak(base);
		// A returning user: the first login's device token goes with every later one.
		String device = soak.login("{" + credentials + "}", DEVICE_TOKEN);
		String login = "{" + credentials + ",\"device_token\":\"" + device + "\"}";
		soak.add("login", scale, "POST /api/v1/auth/login", "10.77.0.2", Answer.OK, (n) -> login);
		soak.add("chat", 10 * scale, "POST /api/v1/chat", "10.77.0.3", Answer.OK_AUTHENTICATED,
				(n) -> (n % 2 == 0) ? "{\"message\":\"soak " + n + "\",\"cache\":false}"
						: "{\"message\":\"soak question " + (n % 2000) + "\"}");
		soak.add("me", 20 * scale, "GET /api/v1/users/me", "10.77.0.4", Answer.OK_AUTHENTICATED, null);
		soak.add("health", 0.5, "GET /api/v1/health", "10.77.0.5", Answer.OK, null);
		soak.add("livez", 5 * scale, "GET /livez", "10.77.0.6", Answer.OK, null);
		soak.add("abuse", 20 * scale, "GET /api/v1/health", "10.77.0.66", Answer.OK_OR_REFUSED, null);
		List<Row> rows = soak.run(pid, minutes, step, Path.of(args[8]));
		System.exit(verdict(rows, soak.streams, 60.0 / step, maxSlope) ? 0 : 1);
	}

	/** Logs in, keeps the access token; returns the value of FIELD in the answer. */
	private String login(String body, Pattern field) throws IOException, InterruptedException {
		HttpResponse<String> response = this.client.send(request("POST /api/v1/auth/login", "10.77.0.2", false, body),
				HttpResponse.BodyHandlers.ofString());
		Matcher matcher = field.matcher(response.body());
		if (response.statusCode() != 200 || !matcher.find()) {
			throw new IllegalStateException("login: " + response.statusCode() + " " + response.body());
		}
		keepToken(response.body());
		return matcher.group(1);
	}

	private void keepToken(String body) {
		Matcher matcher = ACCESS_TOKEN.matcher(body);
		if (matcher.find()) {
			this.token.set(matcher.group(1));
		}
	}

	private void add(String name, double rate, String request, String address, Answer expected,
			LongFunction<String> body) {
		this.streams.add(new Stream(name, rate, request, address, expected, body));
	}

	/** REQUEST is "METHOD PATH"; the token is the one the last login returned. */
	private HttpRequest request(String request, String address, boolean authenticated, String body) {
		String method = request.substring(0, request.indexOf(' '));
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.base + request.substring(method.length() + 1)))
			.header("X-Forwarded-For", address)
			.timeout(Duration.ofSeconds(10));
		if (authenticated) {
			builder.header("Authorization", "Bearer " + this.token.get());
		}
		if (body == null) {
			return builder.method(method, HttpRequest.BodyPublishers.noBody()).build();
		}
		return builder.header("Content-Type", "application/json")
			.method(method, HttpRequest.BodyPublishers.ofString(body))
			.build();
	}

	private List<Row> run(long pid, int minutes, int step, Path csv) throws Exception {
		long start = System.nanoTime();
		long end = start + minutes * (long) step * 1_000_000_000L;
		for (Stream stream : this.streams) {
			Thread.ofPlatform().daemon().start(() -> stream.send(this, start, end));
		}
		List<Row> rows = new ArrayList<>();
		Files.createDirectories(csv.toAbsolutePath().getParent());
		try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(csv))) {
			StringBuilder header = new StringBuilder("minute,elapsed_s,rss_mib,server_cpu_s,requests,unexpected,intended_429");
			this.streams.forEach((stream) -> header.append(",p99_ms_").append(stream.name));
			out.println(header);
			System.out.println(header);
			for (int minute = 1; minute <= minutes; minute++) {
				Thread.sleep(Math.max(0, (start + minute * (long) step * 1_000_000_000L - System.nanoTime()) / 1_000_000));
				List<Double> percentiles = new ArrayList<>();
				long requests = 0;
				long unexpected = 0;
				long intended = 0;
				for (Stream stream : this.streams) {
					Window window = stream.window.getAndSet(new Window());
					requests += window.latencies.size();
					unexpected += window.unexpected.sum();
					intended += window.intended.sum();
					percentiles.add(p99(window.latencies));
				}
				Row row = new Row(rss(pid), cpuSeconds(pid), percentiles, intended);
				rows.add(row);
				StringBuilder line = new StringBuilder(String.format("%d,%d,%.1f,%.1f,%d,%d,%d", minute,
						(System.nanoTime() - start) / 1_000_000_000L, row.rss(), row.cpu(), requests, unexpected,
						intended));
				percentiles.forEach((value) -> line.append(String.format(",%.1f", value)));
				out.println(line);
				out.flush();
				System.out.println(line);
			}
		}
		return rows;
	}

	private static boolean verdict(List<Row> rows, List<Stream> streams, double perMinute, double maxSlope) {
		boolean pass = true;
		List<Row> second = rows.subList(rows.size() / 2, rows.size());
		if (second.size() >= 3) {
			double slope = slope(second.stream().mapToDouble(Row::rss).toArray()) * perMinute;
			boolean flat = slope < maxSlope;
			pass &= flat;
			System.out.printf("RSS trend over the second half (%d samples): %+.2f MiB/min (required < %.2f): %s%n",
					second.size(), slope, maxSlope, flat ? "PASS" : "FAIL");
			for (int i = 0; i < streams.size(); i++) {
				int column = i;
				System.out.printf("  p99 trend of %-6s over the second half: %+.2f ms/min (for information)%n",
						streams.get(i).name,
						slope(second.stream().mapToDouble((row) -> row.p99().get(column)).toArray()) * perMinute);
			}
		}
		else {
			System.out.println("RSS trend: n/a (fewer than 3 samples in the second half; run longer for a verdict)");
		}
		long intended = rows.stream().mapToLong(Row::intended).sum();
		Map<String, Long> errors = new TreeMap<>();
		streams.forEach((stream) -> stream.errors.forEach((answer, count) -> errors.put(stream.name + " " + answer,
				count.sum())));
		boolean clean = errors.isEmpty();
		pass &= clean;
		System.out.println("answers other than intended: " + (clean ? "none: PASS" : errors + ": FAIL"));
		boolean refused = intended > 0;
		pass &= refused;
		System.out.println("intended 429s: " + intended + (refused ? ": PASS" : " (the limit never refused): FAIL"));
		return pass;
	}

	/** Least-squares slope of the values against their index (one per sample). */
	private static double slope(double[] values) {
		double n = values.length;
		double meanX = (n - 1) / 2;
		double meanY = Arrays.stream(values).average().orElse(0);
		double covariance = 0;
		double variance = 0;
		for (int x = 0; x < values.length; x++) {
			covariance += (x - meanX) * (values[x] - meanY);
			variance += (x - meanX) * (x - meanX);
		}
		return (variance == 0) ? 0 : covariance / variance;
	}

	private static double p99(ConcurrentLinkedQueue<Long> latencies) {
		long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
		return (sorted.length == 0) ? 0 : sorted[Math.max(0, (int) Math.ceil(sorted.length * 0.99) - 1)] / 1e6;
	}

	private static double rss(long pid) throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
			}
		}
		throw new IllegalStateException("no VmRSS for " + pid);
	}

	/** utime + stime of /proc/PID/stat, counted after the command name; 100 ticks a second. */
	private static double cpuSeconds(long pid) throws IOException {
		String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
	}

	record Row(double rss, double cpu, List<Double> p99, long intended) {
	}

	/** What a stream's requests should get. */
	enum Answer {

		/** 200; a public request, no token. */
		OK,

		/** 200 for a request with the access token. */
		OK_AUTHENTICATED,

		/** 200 or the intended 429 (no token: the address limit refuses it). */
		OK_OR_REFUSED

	}

	static final class Window {

		final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();

		final LongAdder unexpected = new LongAdder();

		final LongAdder intended = new LongAdder();

	}

	static final class Stream {

		final String name;

		final double rate;

		final String request;

		final String address;

		final Answer expected;

		final LongFunction<String> body;

		final AtomicReference<Window> window = new AtomicReference<>(new Window());

		final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

		final AtomicLong sent = new AtomicLong();

		Stream(String name, double rate, String request, String address, Answer expected, LongFunction<String> body) {
			this.name = name;
			this.rate = rate;
			this.request = request;
			this.address = address;
			this.expected = expected;
			this.body = body;
		}

		/** Sends at the stream's rate until END; latency counts from when a request was due. */
		void send(Soak soak, long start, long end) {
			long interval = (long) (1_000_000_000L / this.rate);
			for (long due = start; due < end; due += interval) {
				long wait = due - System.nanoTime();
				if (wait > 0) {
					try {
						Thread.sleep(Duration.ofNanos(wait));
					}
					catch (InterruptedException ex) {
						return;
					}
				}
				long n = this.sent.getAndIncrement();
				long scheduled = due;
				HttpRequest request = soak.request(this.request, this.address, this.expected == Answer.OK_AUTHENTICATED,
						(this.body != null) ? this.body.apply(n) : null);
				soak.client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
					.whenComplete((response, error) -> answered(soak, scheduled, response, error));
			}
		}

		private void answered(Soak soak, long scheduled, HttpResponse<String> response, Throwable error) {
			Window current = this.window.get();
			current.latencies.add(System.nanoTime() - scheduled);
			int status = (response != null) ? response.statusCode() : 0;
			if (status == 200) {
				if (this.request.endsWith("/auth/login")) {
					soak.keepToken(response.body());
				}
				return;
			}
			if (status == 429 && this.expected == Answer.OK_OR_REFUSED) {
				current.intended.increment();
				return;
			}
			current.unexpected.increment();
			Throwable cause = (error != null && error.getCause() != null) ? error.getCause() : error;
			String answer = (response != null) ? String.valueOf(status) : String.valueOf(cause);
			this.errors.computeIfAbsent(answer, (key) -> new LongAdder()).increment();
		}

	}

}
