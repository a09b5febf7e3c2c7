package dev.bastion.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ports for servers a test has to name before they start: a passkey origin, an embedded
 * Redis, a separate Bastion, a redirect port. A port the system hands out ({@code new
 * ServerSocket(0)}) comes from the ephemeral range, where any client connection of either
 * test JVM may take it before the server binds it. These come from below that range
 * (Linux's starts at 32768), from a block of its own for each test JVM, in turn.
 */
public final class FreePorts {

	private static final int SPAN = 3_000;

	/** 20000–22999 for the first test JVM, 23000–25999 for the second, ... up to four. */
	private static final int FIRST = 20_000 + SPAN * ((Integer.getInteger("tests.fork", 1) - 1) % 4);

	private static final AtomicInteger NEXT = new AtomicInteger(ThreadLocalRandom.current().nextInt(SPAN));

	private FreePorts() {
	}

	/**
	 * A port nothing listens on now, not handed out before by this JVM (until it wraps).
	 */
	public static int next() {
		for (int tried = 0; tried < SPAN; tried++) {
			int port = FIRST + Math.floorMod(NEXT.getAndIncrement(), SPAN);
			if (isFree(port)) {
				return port;
			}
		}
		throw new IllegalStateException("No free port from " + FIRST + " to " + (FIRST + SPAN - 1));
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket(port)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
