package dev.bastion.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * HTTP/1.1 written by hand, for what {@link Http} cannot send: a forged {@code Host}
 * header, exact framing.
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
