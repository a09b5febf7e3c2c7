import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * A summary of the CPU samples of a flight recording, for bench/edge.sh with PROFILE=1: the
 * {@code jdk.ExecutionSample} events ({@code jfr print --events jdk.ExecutionSample FILE}
 * shows them one by one) counted by top frame (where the CPU was); by the top frame's
 * package; by layer, that is the cost centre or package of the frame nearest the top that
 * is either in a cost centre or outside the JDK (so that, say, a HashMap lookup counts for
 * the library that asked for it, and these add up to 100 %); and by what was anywhere on
 * the stack (a sample counts once per cost centre however often it appears in its stack).
 *
 *   java JfrSummary.java [--rows N] [--callers PREFIX] FILE.jfr...
 *
 * The samples of all the files are counted together. With {@code --callers PREFIX} (a
 * package or class name, e.g. {@code java.util.regex.}) it also says who calls it: of the
 * samples with a frame of PREFIX on the stack, by the first method below it that is
 * neither PREFIX nor the JDK.
 */
public class JfrSummary {

	/** Cost centres worth watching on the request path, each counted by any frame on the stack. */
	private static final Map<String, List<String>> GROUPS = groups();

	private static final Pattern JDK = Pattern.compile("(java|javax|jdk|sun|com\\.sun)\\.");

	public static void main(String[] args) throws IOException {
		int rows = 25;
		String focus = null;
		List<Path> files = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--rows" -> rows = Integer.parseInt(args[++i]);
				case "--callers" -> focus = args[++i];
				default -> files.add(Path.of(args[i]));
			}
		}
		Map<String, Integer> topFrames = new HashMap<>();
		Map<String, Integer> topPackages = new HashMap<>();
		Map<String, Integer> layers = new HashMap<>();
		Map<String, Integer> onStack = new HashMap<>();
		Map<String, Integer> ownClasses = new HashMap<>();
		Map<String, Integer> callers = new HashMap<>();
		List<RecordedEvent> events = new ArrayList<>();
		for (Path file : files) {
			events.addAll(RecordingFile.readAllEvents(file));
		}
		int samples = 0;
		int truncated = 0;
		for (RecordedEvent event : events) {
			if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null
					|| event.getStackTrace().getFrames().isEmpty()) {
				continue;
			}
			samples++;
			truncated += event.getStackTrace().isTruncated() ? 1 : 0;
			List<RecordedFrame> frames = event.getStackTrace().getFrames();
			RecordedFrame top = frames.getFirst();
			topFrames.merge(className(top) + "." + top.getMethod().getName(), 1, Integer::sum);
			topPackages.merge(packageName(className(top)), 1, Integer::sum);
			layers.merge(layer(frames), 1, Integer::sum);
			Set<String> groups = new HashSet<>();
			Set<String> classes = new HashSet<>();
			for (RecordedFrame frame : frames) {
				String type = className(frame);
				String group = groupOf(type);
				if (group != null) {
					groups.add(group);
				}
				if (type.startsWith("dev.bastion.")) {
					classes.add(type.replaceFirst("\\$.*", ""));
				}
			}
			if (focus != null) {
				String caller = callerOf(frames, focus);
				if (caller != null) {
					callers.merge(caller, 1, Integer::sum);
				}
			}
			groups.forEach((group) -> onStack.merge(group, 1, Integer::sum));
			classes.forEach((type) -> ownClasses.merge(type, 1, Integer::sum));
		}
		System.out.printf("%d execution samples in %d recording(s) (%d with a truncated stack)%n", samples,
				files.size(), truncated);
		if (samples == 0) {
			return;
		}
		print("top frames (where the CPU was)", topFrames, samples, rows);
		print("top frames by package", topPackages, samples, rows);
		print("by layer (cost centre or package nearest the top, JDK frames counted for their caller)", layers,
				samples, rows);
		print("anywhere on the stack, by cost centre", onStack, samples, rows);
		print("on the stack, by class of dev.bastion", ownClasses, samples, rows);
		if (focus != null) {
			print("callers of " + focus, callers, samples, rows);
		}
	}

	private static String callerOf(List<RecordedFrame> frames, String focus) {
		boolean seen = false;
		for (RecordedFrame frame : frames) {
			String type = className(frame);
			if (type.startsWith(focus)) {
				seen = true;
			}
			else if (seen && !JDK.matcher(type).lookingAt()) {
				return type + "." + frame.getMethod().getName();
			}
		}
		return seen ? "(JDK only)" : null;
	}

	private static String layer(List<RecordedFrame> frames) {
		for (RecordedFrame frame : frames) {
			String type = className(frame);
			String group = groupOf(type);
			if (group != null) {
				return group;
			}
			if (!JDK.matcher(type).lookingAt()) {
				return packageName(type);
			}
		}
		return "(JDK only)";
	}

	private static String groupOf(String type) {
		for (Map.Entry<String, List<String>> group : GROUPS.entrySet()) {
			if (group.getValue().stream().anyMatch(type::startsWith)) {
				return group.getKey();
			}
		}
		return null;
	}

	private static String className(RecordedFrame frame) {
		return frame.getMethod().getType().getName();
	}

	private static String packageName(String className) {
		int dot = className.lastIndexOf('.');
		return (dot < 0) ? "(default)" : className.substring(0, dot);
	}

	private static void print(String title, Map<String, Integer> counts, int samples, int rows) {
		System.out.printf("%n%s%n", title);
		counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
			.limit(rows)
			.forEach((entry) -> System.out.printf("  %5.1f %%  %7d  %s%n", 100.0 * entry.getValue() / samples,
					entry.getValue(), entry.getKey()));
	}

	private static Map<String, List<String>> groups() {
		Map<String, List<String>> groups = new LinkedHashMap<>();
		groups.put("Micrometer observations", List.of("io.micrometer.observation.",
				"org.springframework.security.web.ObservationFilterChainDecorator",
				"org.springframework.web.filter.ServerHttpObservationFilter"));
		groups.put("Micrometer (any)", List.of("io.micrometer."));
		groups.put("regular expressions", List.of("java.util.regex."));
		groups.put("Spring Security", List.of("org.springframework.security."));
		groups.put("JWT (Nimbus)", List.of("com.nimbusds."));
		groups.put("JSON (Jackson)", List.of("tools.jackson.", "com.fasterxml.jackson."));
		groups.put("Bastion's code", List.of("dev.bastion."));
		groups.put("rate limits (Bucket4j)", List.of("io.github.bucket4j."));
		groups.put("Caffeine", List.of("com.github.benmanes.caffeine."));
		groups.put("database (H2, JDBC pool)", List.of("org.h2.", "com.zaxxer.hikari."));
		groups.put("Redis (Lettuce, Netty)", List.of("io.lettuce.", "io.netty."));
		groups.put("logging", List.of("ch.qos.logback.", "org.slf4j."));
		groups.put("Spring MVC dispatch", List.of("org.springframework.web.servlet."));
		return groups;
	}

}
