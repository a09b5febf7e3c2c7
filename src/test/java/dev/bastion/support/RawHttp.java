package dev.bastion.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/1.1 written by hand, for what {@link Http} cannot send: a forged {@code Host}
 * header, exact framing, a body that never ends or arrives slowly.
 */
public final class RawHttp {

	private RawHttp() {
	}

	/**
	 * Sends {@code head} (request line and headers, without the blank line; the
	 * connection is closed after the answer) and returns the whole answer.
	 */
	public static String exchange(int port, String head) {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write((head + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Sends {@code head} (request line and headers, without the blank line) and the first
	 * bytes of a body, then holds the connection open without sending more, as a slow or
	 * lying client does: returns the answer, which must come within {@code wait} (the
	 * server must not wait for the rest).
	 */
	public static String sendAndHold(int port, String head, byte[] body, Duration wait) {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			OutputStream out = socket.getOutputStream();
			out.write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
			out.write(body);
			out.flush();
			return answer(socket, wait);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Sends {@code head} and then its body one byte every {@code interval} until the
	 * server answers, which must come within {@code wait}.
	 */
	public static String trickle(int port, String head, Duration interval, Duration wait) {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			OutputStream out = socket.getOutputStream();
			out.write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			Thread sender = Thread.ofVirtual().start(() -> {
				try {
					while (!Thread.currentThread().isInterrupted()) {
						out.write(' ');
						out.flush();
						Thread.sleep(interval);
					}
				}
				catch (IOException | InterruptedException ex) {
					// the server answered and closed, or the test is over
				}
			});
			try {
				return answer(socket, wait);
			}
			finally {
				sender.interrupt();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Reads one answer: its head, then its body by {@code Content-Length}, by chunks or
	 * to the end of the connection.
	 */
	private static String answer(Socket socket, Duration wait) throws IOException {
		long deadline = System.nanoTime() + wait.toNanos();
		InputStream in = socket.getInputStream();
		ByteArrayOutputStream answer = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		while (!complete(answer.toString(StandardCharsets.ISO_8859_1))) {
			long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
			if (left <= 0) {
				throw new AssertionError("No complete answer within " + wait + ": " + answer);
			}
			socket.setSoTimeout((int) left);
			int n;
			try {
				n = in.read(buffer);
			}
			catch (SocketTimeoutException ex) {
				throw new AssertionError("No complete answer within " + wait + ": " + answer, ex);
			}
			if (n < 0) {
				break;
			}
			answer.write(buffer, 0, n);
		}
		return answer.toString(StandardCharsets.ISO_8859_1);
	}

	private static boolean complete(String answer) {
		int end = answer.indexOf("\r\n\r\n");
		if (end < 0) {
			return false;
		}
		Optional<String> length = header(answer, "Content-Length");
		if (length.isPresent()) {
			return answer.length() - end - 4 >= Integer.parseInt(length.get());
		}
		return header(answer, "Transfer-Encoding").isPresent() && answer.endsWith("\r\n0\r\n\r\n");
	}

	/**
	 * The body of an answer, its chunks joined when it came in chunks.
	 */
	public static String body(String answer) {
		String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
		if (header(answer, "Transfer-Encoding").isEmpty()) {
			return body;
		}
		StringBuilder joined = new StringBuilder();
		int at = 0;
		while (true) {
			int lineEnd = body.indexOf("\r\n", at);
			int size = Integer.parseInt(body.substring(at, lineEnd).strip(), 16);
			if (size == 0) {
				return joined.toString();
			}
			joined.append(body, lineEnd + 2, lineEnd + 2 + size);
			at = lineEnd + 2 + size + 2;
		}
	}

	/** The status code of an answer. */
	public static int status(String answer) {
		return Integer.parseInt(answer.substring(9, 12));
	}

	/** The first value of a header of an answer, ignoring the name's case. */
	public static Optional<String> header(String answer, String name) {
		for (String line : answer.substring(0, answer.indexOf("\r\n\r\n")).split("\r\n")) {
			int colon = line.indexOf(':');
			if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
				return Optional.of(line.substring(colon + 1).strip());
			}
		}
		return Optional.empty();
	}

}
