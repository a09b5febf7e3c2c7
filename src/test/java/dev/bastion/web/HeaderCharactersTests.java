package dev.bastion.web;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.firewall.RequestRejectedException;

import org.springframework.security.web.firewall.StrictHttpFirewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The firewall's header checks without regular expressions allow exactly what Spring
 * Security's defaults allow, for every code point and for unpaired surrogates.
 */
class HeaderCharactersTests {

	@Test
	void everyCodePointIsJudgedAsTheDefaultFirewallJudgesIt() {
		for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
			String alone = Character.toString(codePoint);
			String inside = "a" + alone + "b";
			for (String text : new String[] { alone, inside }) {
				assertThat(HeaderCharacters.NAMES.test(text)).as("name U+%04X", codePoint)
					.isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_NAMES.test(text));
				assertThat(HeaderCharacters.VALUES.test(text)).as("value U+%04X", codePoint)
					.isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_VALUES.test(text));
			}
		}
	}

	@Test
	void unpairedSurrogatesAndTabsAreJudgedAsTheDefaultFirewallJudgesThem() {
		String[] texts = { "\uD800", "a\uDC00", "\uDBFF\uDFFF", "\uDFFF\uDBFF", "\t", "a\tb", "", "x-request-id",
				"Bearer abc", "a\u007Fb", "a\u0085b" };
		for (String text : texts) {
			assertThat(HeaderCharacters.NAMES.test(text)).isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_NAMES.test(text));
			assertThat(HeaderCharacters.VALUES.test(text))
				.isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_VALUES.test(text));
		}
	}

	@Test
	void theFirewallOfEveryChainUsesTheseChecks() {
		StrictHttpFirewall firewall = HeaderCharacters.firewall();
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/health");
		request.addHeader("X-Bad", "a\u0001b");
		request.addHeader("X-Good", "a\tb");
		HttpServletRequest checked = firewall.getFirewalledRequest(request);
		assertThat(checked.getHeader("X-Good")).isEqualTo("a\tb");
		assertThatExceptionOfType(RequestRejectedException.class).isThrownBy(() -> checked.getHeader("X-Bad"));
	}

}
