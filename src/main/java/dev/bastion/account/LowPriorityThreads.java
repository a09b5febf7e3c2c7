package dev.bastion.account;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Daemon threads that get a processor only when nothing else wants it. On Linux a
 * thread's nice value is its own, and any thread may lower its own priority without
 * privileges: each thread sets itself to nice 19 (the lowest) through
 * {@code setpriority(2)} when it starts. Elsewhere {@code setpriority} would lower the
 * whole process, so the threads keep the normal priority there, and the first one says so
 * in the log.
 */
final class LowPriorityThreads implements ThreadFactory {

	private static final Logger logger = LoggerFactory.getLogger(LowPriorityThreads.class);

	/** The lowest priority Linux has. */
	private static final int LOWEST = 19;

	/** {@code which} for {@code setpriority}; with {@code who} 0, the calling thread. */
	private static final int PRIO_PROCESS = 0;

	private static final @Nullable MethodHandle SETPRIORITY;

	/** Why {@link #SETPRIORITY} is missing, if it is. */
	private static final String MISSING;

	static {
		MethodHandle setpriority = null;
		String missing = "not on Linux, where a thread's nice value is its own";
		if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
			try {
				setpriority = setpriority();
				missing = "no setpriority in the C library";
			}
			catch (RuntimeException ex) {
				missing = ex.toString();
			}
		}
		SETPRIORITY = setpriority;
		MISSING = missing;
	}

	private static final AtomicBoolean warned = new AtomicBoolean();

	private final ThreadFactory threads;

	LowPriorityThreads(String prefix) {
		this.threads = Thread.ofPlatform().daemon().name(prefix, 1).factory();
	}

	@Override
	public Thread newThread(Runnable task) {
		return this.threads.newThread(() -> {
			lowerThisThread();
			task.run();
		});
	}

	private static void lowerThisThread() {
		String failure = lower();
		if (failure != null && warned.compareAndSet(false, true)) {
			logger.warn("Guessed and new passwords are hashed at normal priority ({}): a flood of guesses or "
					+ "sign-ups competes with everything else for the processors.", failure);
		}
	}

	/** Why this thread's priority could not be lowered; {@code null} if it was. */
	private static @Nullable String lower() {
		if (SETPRIORITY == null) {
			return MISSING;
		}
		try {
			return ((int) SETPRIORITY.invokeExact(PRIO_PROCESS, 0, LOWEST) == 0) ? null : "setpriority failed";
		}
		catch (Throwable ex) {
			return ex.toString();
		}
	}

	private static @Nullable MethodHandle setpriority() {
		Linker linker = Linker.nativeLinker();
		return linker.defaultLookup()
			.find("setpriority")
			.map((address) -> linker.downcallHandle(address,
					FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
							ValueLayout.JAVA_INT)))
			.orElse(null);
	}

}
