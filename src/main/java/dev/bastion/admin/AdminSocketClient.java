package dev.bastion.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;

/**
 * The command line's side of a running service's admin socket ({@link AdminSocket})
 * (embedded H2 only, where one process owns the database file): one command a line,
 * answers a line at a time.
 */
final class AdminSocketClient {

	private AdminSocketClient() {
	}

	/**
	 * The running service's admin socket, if the database is the embedded H2 file and a
	 * service answers on it.
	 */
	static @Nullable SocketChannel connect(Environment settings) {
		Path socket = Path.of(settings.getProperty("bastion.admin.socket", "data/admin.sock"));
		if (!settings.getProperty("spring.datasource.url", "").startsWith("jdbc:h2:file:") || !Files.exists(socket)) {
			return null;
		}
		try {
			SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
			try {
				channel.connect(UnixDomainSocketAddress.of(socket));
				return channel;
			}
			catch (IOException ex) {
				channel.close();
				return null;
			}
		}
		catch (IOException ex) {
			return null;
		}
	}

	static boolean serviceRunning(Environment settings) {
		try (SocketChannel service = connect(settings)) {
			return service != null;
		}
		catch (IOException ex) {
			return true;
		}
	}

	static void send(SocketChannel service, String command) throws IOException {
		OutputStream request = Channels.newOutputStream(service);
		request.write((command + "\n").getBytes(StandardCharsets.UTF_8));
		request.flush();
	}

	static String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int next;
		while ((next = in.read()) != -1 && next != '\n') {
			line.append((char) next);
		}
		return line.toString();
	}

}
