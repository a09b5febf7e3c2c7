package dev.bastion.support;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads one series from the Prometheus endpoint of the management port, as an operator's
 * scraper sees it.
 */
public final class Metrics {

	private static final Pattern SERIES = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})?\\s+(\\S+)");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

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

	/**
	 * The sum of every series of {@code name} that carries all of {@code labels} (others
	 * too); 0 when there is none yet.
	 */
	public static double sum(int managementPort, String name, Map<String, String> labels) {
		return scrape(managementPort).stream()
			.filter((series) -> series.name().equals(name) && series.labels().entrySet().containsAll(labels.entrySet()))
			.mapToDouble(Series::value)
			.sum();
	}

	/** Every series the management port exports now. */
	public static List<Series> scrape(int managementPort) {
		HttpResponse<String> metrics = Http.local(managementPort).get("/actuator/prometheus");
		assertThat(metrics.statusCode()).isEqualTo(200);
		List<Series> all = new ArrayList<>();
		for (String line : metrics.body().split("\n")) {
			Matcher series = SERIES.matcher(line);
			if (series.matches()) {
				Map<String, String> labels = new LinkedHashMap<>();
				Matcher label = LABEL.matcher((series.group(2) != null) ? series.group(2) : "");
				while (label.find()) {
					labels.put(label.group(1), label.group(2));
				}
				all.add(new Series(series.group(1), labels, Double.parseDouble(series.group(3))));
			}
		}
		return all;
	}

	/** One exported series: its name, labels and value. */
	public record Series(String name, Map<String, String> labels, double value) {
	}

	/** Password work let into the unknown clients' hashing lane so far. */
	public static double unknownClientHashing(int managementPort) {
		return value(managementPort, "bastion_password_hashing_total", "lane", "unknown-client");
	}

}
