package dev.bastion.support;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A module's start-up checks of its settings, run without starting the application: a
 * context of only the configuration under test, whose environment is made as at a real
 * start (the variables as the process environment, {@code application*.yml} with the
 * profile, and Bastion's own environment processing), with the binding refusals of
 * {@code system.SettingRefusals}, so that a refusal reads exactly as an operator sees it
 * (the failure analysis {@code Bastion refuses to start: ...}).
 * <p>
 * Beans are made only when asked for, so that a configuration class loads without the
 * rest of its module: every configuration record is bound, and the beans named with
 * {@link #creating} are made; a check in any of them refuses the start.
 */
public final class StartupCheck {

	/** The application's own wiring of the refusals, package-private in its module. */
	private static final String SYSTEM_CONFIGURATION = "dev.bastion.system.SystemConfiguration";

	private final ApplicationContextRunner runner;

	private final List<String> beans;

	private final boolean production;

	private StartupCheck(ApplicationContextRunner runner, List<String> beans, boolean production) {
		this.runner = runner;
		this.beans = beans;
		this.production = production;
	}

	/**
	 * The checks of these configuration classes and records (a record through a
	 * configuration that enables it), in development.
	 */
	public static StartupCheck of(Class<?>... configurations) {
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withInitializer(
					(context) -> context.addBeanFactoryPostProcessor(new LazyInitializationBeanFactoryPostProcessor()))
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					JdbcTemplateAutoConfiguration.class, JdbcClientAutoConfiguration.class))
			.withUserConfiguration(ClassUtils.resolveClassName(SYSTEM_CONFIGURATION, null))
			.withUserConfiguration(configurations);
		return new StartupCheck(runner, List.of(), false);
	}

	/** Also makes these beans, in which checks are made. */
	public StartupCheck creating(String... beans) {
		return new StartupCheck(this.runner, List.of(beans), this.production);
	}

	/**
	 * In production, with an https:// {@code PUBLIC_URL} unless the variables name
	 * another.
	 */
	public StartupCheck inProduction() {
		return new StartupCheck(this.runner, this.beans, true);
	}

	/**
	 * Asserts that these variables ({@code NAME=value}) are refused for exactly this
	 * reason, and returns all that the operator may be shown, for checks that a value is
	 * not echoed: the analysis (reason and action), the message of every exception in the
	 * failure, and everything the run logged (see {@link LoggedOutput}).
	 */
	public String assertRefused(String reason, String... variables) {
		Run run = run(variables);
		Refusal refusal = run.refusal();
		assertThat(refusal).as("refused").isNotNull();
		assertThat(refusal.analysis().getDescription()).isEqualTo("Bastion refuses to start: " + reason + ".");
		StringBuilder shown = new StringBuilder(refusal.analysis().getDescription()).append('\n')
			.append(refusal.analysis().getAction());
		for (Throwable cause = refusal.failure(); cause != null; cause = cause.getCause()) {
			shown.append('\n').append(cause);
		}
		return shown.append('\n').append(run.output()).toString();
	}

	/**
	 * Asserts that these variables pass the checks, and returns everything the run
	 * logged.
	 */
	public String assertStarts(String... variables) {
		Run run = run(variables);
		assertThat(run.refusal()).as("refusal").isNull();
		return run.output();
	}

	private Run run(String... variables) {
		List<Refusal> refusals = new ArrayList<>();
		try (LoggedOutput output = LoggedOutput.capture()) {
			this.runner.withInitializer((context) -> prepare(context, environment(variables))).run((context) -> {
				Throwable failure = context.getStartupFailure();
				if (failure == null) {
					failure = create(context);
				}
				if (failure != null) {
					FailureAnalysis analysis = analysis(failure);
					if (analysis == null) {
						throw new AssertionError("Failed, but not with a refusal", failure);
					}
					refusals.add(new Refusal(analysis, failure));
				}
			});
			return new Run(refusals.isEmpty() ? null : refusals.getFirst(), output.text());
		}
	}

	private Map<String, String> environment(String... variables) {
		Map<String, String> environment = new HashMap<>();
		for (String variable : variables) {
			int equals = variable.indexOf('=');
			environment.put(variable.substring(0, equals), variable.substring(equals + 1));
		}
		if (this.production) {
			environment.putIfAbsent("PUBLIC_URL", "https://bastion.example.org");
		}
		return environment;
	}

	/**
	 * The environment as {@link Launcher} and Spring Boot make it: the variables,
	 * {@code application*.yml} with the profile (Spring Boot's own
	 * {@link ConfigDataApplicationContextInitializer}, which reads the profile that the
	 * environment names), and Bastion's environment post-processors (secret files, the
	 * variables' mapping onto properties, the check for unknown settings).
	 */
	private void prepare(ConfigurableApplicationContext context, Map<String, String> variables) {
		ConfigurableEnvironment environment = context.getEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					Launcher.processEnvironment(variables));
		if (this.production) {
			environment.setActiveProfiles("production");
		}
		new ConfigDataApplicationContextInitializer().initialize(context);
		SpringApplication application = new SpringApplication();
		for (EnvironmentPostProcessor processor : bastionFactories(EnvironmentPostProcessor.class)) {
			processor.postProcessEnvironment(environment, application);
		}
	}

	private @Nullable Throwable create(ConfigurableApplicationContext context) {
		try {
			context.getBeansWithAnnotation(ConfigurationProperties.class);
			this.beans.forEach(context::getBean);
			return null;
		}
		catch (RuntimeException ex) {
			return ex;
		}
	}

	/** What Spring Boot would print: the first analysis of the failure. */
	private static @Nullable FailureAnalysis analysis(Throwable failure) {
		for (FailureAnalyzer analyzer : SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, FailureHandler.handleMessage((message, ex) -> {
			}))) {
			FailureAnalysis analysis = analyzer.analyze(failure);
			if (analysis != null) {
				return analysis;
			}
		}
		return null;
	}

	/** Bastion's own implementations of a Spring Boot extension point, in order. */
	private static <T> List<T> bastionFactories(Class<T> type) {
		List<T> factories = new ArrayList<>(SpringFactoriesLoader.forDefaultResourceLocation()
			.load(type, FailureHandler.handleMessage((message, ex) -> {
			}))
			.stream()
			.filter((factory) -> factory.getClass().getName().startsWith("dev.bastion."))
			.toList());
		AnnotationAwareOrderComparator.sort(factories);
		return factories;
	}

	private record Refusal(FailureAnalysis analysis, Throwable failure) {
	}

	private record Run(@Nullable Refusal refusal, String output) {
	}

}
