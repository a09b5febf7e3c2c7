package dev.bastion.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

/**
 * What a start-up logs, as the console of a real start shows it: every event at
 * {@code INFO} and above (Spring Boot's default level), with the stack trace and the
 * messages of every cause of an exception logged with it. Only the events of the thread
 * that began the capture are kept, so that a test JVM's other contexts add nothing.
 * <p>
 * An appender on the root logger rather than a copy of {@code System.out}: it sees every
 * event whatever the test JVM's logging configuration (which depends on the tests that
 * ran before), and Bastion's start-up writes nothing to the console but through logging.
 */
final class LoggedOutput extends AppenderBase<ILoggingEvent> implements AutoCloseable {

	private final Logger root;

	private final Thread thread = Thread.currentThread();

	private final StringBuilder text = new StringBuilder();

	private LoggedOutput(Logger root) {
		this.root = root;
	}

	/** Starts capturing what this thread logs, until {@link #close()}. */
	static LoggedOutput capture() {
		if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
			throw new IllegalStateException("Bastion logs through logback, but SLF4J is bound to "
					+ LoggerFactory.getILoggerFactory().getClass().getName());
		}
		LoggedOutput output = new LoggedOutput(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME));
		output.setContext(context);
		output.setName("startup-check");
		output.start();
		output.root.addAppender(output);
		return output;
	}

	@Override
	protected void append(ILoggingEvent event) {
		if (Thread.currentThread() != this.thread || !event.getLevel().isGreaterOrEqual(Level.INFO)) {
			return;
		}
		this.text.append(event.getLevel())
			.append(' ')
			.append(event.getLoggerName())
			.append(" : ")
			.append(event.getFormattedMessage())
			.append('\n');
		IThrowableProxy thrown = event.getThrowableProxy();
		if (thrown != null) {
			this.text.append(ThrowableProxyUtil.asString(thrown)).append('\n');
		}
	}

	/** What was logged so far. */
	synchronized String text() {
		return this.text.toString();
	}

	@Override
	public void close() {
		this.root.detachAppender(this);
		stop();
	}

}
