package dev.bastion.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The character scan accepts, and refuses as malformed, exactly what Spring Security's
 * regular expression does: the same token or none, the same error.
 */
class BearerHeaderResolverTests {

	private static final DefaultBearerTokenResolver DEFAULT = new DefaultBearerTokenResolver();

	private static final BearerHeaderResolver SCAN = new BearerHeaderResolver();

	@Test
	void edgeCasesResolveAsSpringSecurityResolvesThem() {
		String[] headers = { "Bearer abc.def-ghi_jkl~mno+pqr/stu", "bearer abc", "BEARER abc", "bEaReR abc==",
				"Bearer abc=", "Bearer abc=d", "Bearer =", "Bearer ", "Bearer", "Bearerabc", "Bearer  abc",
				"Bearer abc ", " Bearer abc", "Bearer\tabc", "Bearer abc\n", "Bearer abc\r\n", "Bearer a,b",
				"Bearer a%20b", "Bearer é", "Basic dXNlcjpwYXNz", "Bearers abc", "bearer", "", "Bear abc",
				"Bearer bst_made_up_key_0123456789", "Bearer abc==\n", "Bearer ab\u0000c", "Bearer abc\u2028" };
		for (String header : headers) {
			assertSameOutcome(header);
		}
	}

	@Test
	void noHeaderIsNoToken() {
		assertThat(SCAN.resolve(new MockHttpServletRequest())).isNull();
	}

	@Test
	void randomHeadersResolveAsSpringSecurityResolvesThem() {
		Random random = new Random(18);
		String alphabet = "Bearbe rR=.-_~+/aZ09\t\n,;é\u0000";
		for (int i = 0; i < 200_000; i++) {
			StringBuilder header = new StringBuilder(random.nextBoolean() ? "Bearer " : "");
			int length = random.nextInt(12);
			for (int j = 0; j < length; j++) {
				header.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			assertSameOutcome(header.toString());
		}
	}

	private static void assertSameOutcome(String header) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/users/me");
		request.addHeader("Authorization", header);
		assertThat(outcome(() -> SCAN.resolve(request))).as(header).isEqualTo(outcome(() -> DEFAULT.resolve(request)));
	}

	private static List<String> outcome(java.util.function.Supplier<String> resolver) {
		List<String> outcome = new ArrayList<>();
		try {
			outcome.add("token " + resolver.get());
		}
		catch (OAuth2AuthenticationException ex) {
			outcome.add("refused " + ex.getError().getErrorCode() + " " + ex.getError().getDescription() + " "
					+ ex.getError().getUri());
		}
		return outcome;
	}

}
