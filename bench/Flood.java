import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * An open-loop flood from random addresses (X-Forwarded-For, through a trusted proxy) at
 * a fixed rate, whatever the answers' latency, as an attacker would send it:
 * <ul>
 * <li>{@code login} (bench/login-attack.sh): wrong-password logins for random usernames;</li>
 * <li>{@code register} (bench/register-flood.sh): registrations of new accounts with
 * strong random passwords, each one a strength check and an argon2id hash;</li>
 * <li>{@code register-long}: registrations with 128-character repetitive passwords,
 * refused by the policy only after nbvcxz's costly estimate.</li>
 * </ul>
 *
 *   java Flood.java BASE_URL REQUESTS_PER_SECOND SECONDS [login|register|register-long]
 */
public class Flood {

	public static void main(String[] args) throws Exception {
		String mode = (args.length > 3) ? args[3] : "login";
		URI target = URI.create(args[0] + (mode.equals("login") ? "/api/v1/auth/login" : "/api/v1/auth/register"));
		int rate = Integer.parseInt(args[1]);
		long seconds = Long.parseLong(args[2]);
		HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
		LongAdder sent = new LongAdder();
		long interval = 1_000_000_000L / rate;
		long start = System.nanoTime();
		long end = start + seconds * 1_000_000_000L;
		for (long next = start; next < end; next += interval) {
			long wait = next - System.nanoTime();
			if (wait > 0) {
				Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
			}
			ThreadLocalRandom random = ThreadLocalRandom.current();
			String address = "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
			String body = body(mode, random);
			HttpRequest request = HttpRequest.newBuilder(target)
				.header("Content-Type", "application/json")
				.header("X-Forwarded-For", address)
				.timeout(Duration.ofSeconds(10))
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build();
			sent.increment();
			client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
				.whenComplete((response, error) -> statuses
					.computeIfAbsent((response != null) ? String.valueOf(response.statusCode())
							: String.valueOf(error.getCause()), (status) -> new LongAdder())
					.increment());
		}
		Thread.sleep(2000);
		double elapsed = (System.nanoTime() - start) / 1e9 - 2;
		System.out.printf("offered %.0f req/s; answers: %s%n", sent.sum() / elapsed,
				statuses);
		System.exit(0);
	}

	static String body(String mode, ThreadLocalRandom random) {
		if (mode.equals("login")) {
			return "{\"username\":\"victim" + random.nextInt(1_000_000) + "\",\"password\":\"guess-" + random.nextLong()
					+ "\"}";
		}
		String name = "flood" + Long.toHexString(random.nextLong());
		String password = mode.equals("register-long")
				? String.format("%016x", random.nextLong()).substring(0, 4).repeat(32)
				: "orbit-" + Long.toHexString(random.nextLong()) + "-quartz";
		return "{\"username\":\"" + name + "\",\"email\":\"" + name + "@example.org\",\"password\":\"" + password
				+ "\"}";
	}

}
