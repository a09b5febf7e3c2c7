package dev.bastion.ratelimit;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import redis.embedded.RedisServer;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.bastion.support.FreePorts;
import dev.bastion.support.Launcher;

/**
 * The global registration bucket in a real Redis, shared by two instances: registrations
 * through either count against the same limit.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "TRUSTED_PROXIES=127.0.0.1", "RATE_LIMIT_REGISTER_GLOBAL=4/1m" })
@DirtiesContext
class RegistrationLimitOnRedisIntegrationTests extends RegistrationLimitIntegrationTests {

	static RedisServer redis;

	static String redisUrl;

	static ConfigurableApplicationContext other;

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) throws IOException {
		int port = FreePorts.next();
		redis = new RedisServer(port);
		redis.start();
		redisUrl = "redis://127.0.0.1:" + port;
		registry.add("REDIS_URL", () -> redisUrl);
	}

	@Override
	List<Integer> instances() {
		if (other == null) {
			other = Launcher.start(Map.of("REDIS_URL", redisUrl, "TRUSTED_PROXIES", "127.0.0.1",
					"RATE_LIMIT_REGISTER_GLOBAL", "4/1m"));
		}
		return List.of(this.port, Launcher.port(other));
	}

	@AfterAll
	static void stopRedis() throws IOException {
		if (other != null) {
			other.close();
		}
		redis.stop();
	}

}
