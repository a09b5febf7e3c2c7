package dev.bastion.support;

import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads one series from the Prometheus endpoint of the management port, as an operator's
 * scraper sees it.
 */
public final class Metrics {

	private Metrics() {
	}

	/**
	 * The value of {@code name} with the label {@code label="value"}; 0 when the series
	 * is not there yet.
	 */
	public static double value(int managementPort, String name, String label, String value) {
		HttpResponse<String> metrics = Http.local(managementPort).get("/actuator/prometheus");
		assertThat(metrics.statusCode()).isEqualTo(200);
		Matcher series = Pattern
			.compile("(?m)^" + Pattern.quote(name) + "\\{[^}]*" + Pattern.quote(label + "=\"" + value + "\"")
					+ "[^}]*\\}\\s+(\\S+)$")
			.matcher(metrics.body());
		return series.find() ? Double.parseDouble(series.group(1)) : 0;
	}

	/** Password work let into the unknown clients' hashing lane so far. */
	public static double unknownClientHashing(int managementPort) {
		return value(managementPort, "bastion_password_hashing_total", "lane", "unknown-client");
	}

}
