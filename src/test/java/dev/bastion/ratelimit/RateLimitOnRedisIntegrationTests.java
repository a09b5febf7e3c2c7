package dev.bastion.ratelimit;

import java.io.IOException;

import org.junit.jupiter.api.AfterAll;
import redis.embedded.RedisServer;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.bastion.support.FreePorts;

/**
 * The same limits with the buckets in a real Redis. There, a request whose access token
 * this instance verified before takes its address's and its user's bucket together,
 * before authentication, and gives the user's token back when the request is not served:
 * the inherited tests of failed authentication and of a refused address check that.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "TRUSTED_PROXIES=127.0.0.1", "RATE_LIMIT_HEALTH=5/1m", "RATE_LIMIT_LOGIN=3/1m",
				"RATE_LIMIT_REGISTER_IPV6_48=3/1m", "RATE_LIMIT_DEFAULT=10/1h" })
@DirtiesContext
class RateLimitOnRedisIntegrationTests extends RateLimitIntegrationTests {

	static RedisServer redis;

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) throws IOException {
		int port = FreePorts.next();
		redis = new RedisServer(port);
		redis.start();
		registry.add("REDIS_URL", () -> "redis://127.0.0.1:" + port);
	}

	@AfterAll
	static void stopRedis() throws IOException {
		redis.stop();
	}

}
