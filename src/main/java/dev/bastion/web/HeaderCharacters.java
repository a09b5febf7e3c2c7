package dev.bastion.web;

import java.util.function.Predicate;

import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * The header checks of Spring Security's {@link StrictHttpFirewall}, as a character scan:
 * its defaults run a regular expression over every header name and value the application
 * reads (4 % of the CPU of an authenticated request). The same rule: every code point
 * assigned in Unicode and none a control character, except a tab inside a value.
 */
final class HeaderCharacters {

	/** What {@link StrictHttpFirewall#ALLOWED_HEADER_NAMES} allows. */
	static final Predicate<String> NAMES = (name) -> allowed(name, false);

	/** What {@link StrictHttpFirewall#ALLOWED_HEADER_VALUES} allows. */
	static final Predicate<String> VALUES = (value) -> allowed(value, true);

	private HeaderCharacters() {
	}

	/** The firewall of every filter chain: Spring Security's defaults, scanned faster. */
	static StrictHttpFirewall firewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedHeaderNames(NAMES);
		firewall.setAllowedHeaderValues(VALUES);
		firewall.setAllowedParameterNames(NAMES);
		return firewall;
	}

	static boolean allowed(String text, boolean tab) {
		int length = text.length();
		int i = 0;
		while (i < length) {
			char c = text.charAt(i);
			if (c < 0x80) {
				// Printable ASCII; of the controls (0-31, 127) only a tab, and only in
				// values.
				if ((c < 0x20 || c == 0x7f) && !(tab && c == '\t')) {
					return false;
				}
				i++;
				continue;
			}
			int codePoint = text.codePointAt(i);
			if (!Character.isDefined(codePoint) || Character.getType(codePoint) == Character.CONTROL) {
				return false;
			}
			i += Character.charCount(codePoint);
		}
		return true;
	}

}
