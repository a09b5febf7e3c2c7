package dev.bastion.admin;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;
import java.util.concurrent.Semaphore;

import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.bastion.backup.BackupException;
import dev.bastion.backup.Backups;
import dev.bastion.chat.HistoryKeyRotation;
import dev.bastion.audit.AdminAction;
import dev.bastion.system.BastionException;
import dev.bastion.audit.SecurityEvent.Severity;

/**
 * With the embedded H2 database, the running service holds the database file, so the
 * command line cannot open it: {@code admin backup} and {@code admin rotate-history-key}
 * ask the service instead, over a Unix socket in the data directory. It is no network
 * door: a file in {@code DATA_DIR}, mode {@code 0600}, and every connection's peer
 * credentials (from the kernel) must name the service's own user or root, who can read
 * the database file anyway. Only these two commands are served, one at a time. A backup's
 * plain content goes to the command line over the socket, which encrypts it with its own
 * {@code BACKUP_KEY}: the service needs no backup key for it.
 */
@Component
class AdminSocket implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(AdminSocket.class);

	private static final int MAX_COMMAND = 300;

	private final Backups backups;

	private final HistoryKeyRotation rotation;

	private final ApplicationEventPublisher events;

	private final boolean embedded;

	private final Path path;

	private final Semaphore oneAtATime = new Semaphore(1);

	private @Nullable ServerSocketChannel server;

	private @Nullable UserPrincipal owner;

	AdminSocket(Backups backups, HistoryKeyRotation rotation, ApplicationEventPublisher events,
			DataSourceProperties dataSource, AdminProperties properties) {
		this.backups = backups;
		this.rotation = rotation;
		this.events = events;
		this.embedded = String.valueOf(dataSource.getUrl()).startsWith("jdbc:h2:file:");
		this.path = properties.socket();
	}

	/** Opened by a running service only: never by the command line or doctor. */
	@EventListener
	synchronized void on(WebServerInitializedEvent event) {
		if (!this.embedded || this.server != null || event.getApplicationContext().getServerNamespace() != null
				|| event.getWebServer().getPort() <= 0) {
			return;
		}
		try {
			removeStale();
			ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
			channel.bind(UnixDomainSocketAddress.of(this.path));
			Files.setPosixFilePermissions(this.path, PosixFilePermissions.fromString("rw-------"));
			this.owner = Files.getOwner(this.path);
			this.server = channel;
			Thread.ofPlatform().daemon().name("bastion-admin-socket").start(() -> accept(channel));
		}
		catch (IOException | UnsupportedOperationException ex) {
			logger.warn("The admin socket {} could not be opened ({}): admin backup and rotate-history-key need the "
					+ "service stopped", this.path, ex.getClass().getSimpleName());
		}
	}

	/** A socket file left by a service that died; never a file of another kind. */
	private void removeStale() throws IOException {
		if (Files.exists(this.path, LinkOption.NOFOLLOW_LINKS)
				&& Files.readAttributes(this.path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()) {
			Files.delete(this.path);
		}
	}

	private void accept(ServerSocketChannel channel) {
		while (channel.isOpen()) {
			try {
				SocketChannel client = channel.accept();
				Thread.ofVirtual().name("bastion-admin-command").start(() -> serve(client));
			}
			catch (IOException ex) {
				if (channel.isOpen()) {
					logger.warn("The admin socket failed to accept: {}", ex.getClass().getSimpleName());
				}
			}
		}
	}

	private void serve(SocketChannel client) {
		try (client; OutputStream out = new BufferedOutputStream(Channels.newOutputStream(client), 64 * 1024)) {
			PrintStream reply = new PrintStream(out, true, StandardCharsets.UTF_8);
			if (!trusted(client)) {
				reply.println("ERROR only the service's own user (or root) may use this socket");
				return;
			}
			String command = readCommand(Channels.newInputStream(client));
			if (!this.oneAtATime.tryAcquire()) {
				reply.println("ERROR another admin command is running; try again when it is done");
				return;
			}
			try {
				run(command, reply, out);
			}
			finally {
				this.oneAtATime.release();
			}
		}
		catch (IOException | RuntimeException ex) {
			// The command line sees the connection end without the expected end of the
			// content and reports the command as failed.
			logger.warn("An admin command over the socket failed: {}", ex.getClass().getSimpleName());
		}
	}

	private void run(String command, PrintStream reply, OutputStream out) throws IOException {
		if (command.startsWith("backup ")) {
			String file = command.substring("backup ".length());
			this.events.publishEvent(new AdminAction(null, "backup", file));
			reply.println("OK");
			this.backups.dump(out);
			out.flush();
		}
		else if (command.equals("rotate-history-key")) {
			reply.println("OK");
			try {
				HistoryKeyRotation.Outcome outcome = this.rotation.rotate(reply::println);
				this.events.publishEvent(new AdminAction(null, "rotate-history-key", outcome.keyId(), Severity.WARNING,
						Map.of("reencrypted", outcome.reencrypted(), "remaining", outcome.remaining())));
				reply.println("DONE " + outcome.keyId() + " " + outcome.reencrypted() + " " + outcome.unreadable() + " "
						+ outcome.remaining());
			}
			catch (BastionException | BackupException ex) {
				reply.println("ERROR " + ex.getMessage());
			}
		}
		else {
			reply.println("ERROR unknown command");
		}
	}

	private boolean trusted(SocketChannel client) throws IOException {
		UnixDomainPrincipal peer = client.getOption(ExtendedSocketOptions.SO_PEERCRED);
		return peer.user().equals(this.owner) || peer.user().getName().equals("root");
	}

	private static String readCommand(InputStream in) throws IOException {
		StringBuilder command = new StringBuilder();
		int next;
		while ((next = in.read()) != -1 && next != '\n') {
			if (command.length() == MAX_COMMAND) {
				throw new IOException("command too long");
			}
			command.append((char) next);
		}
		return command.toString();
	}

	@Override
	public synchronized void destroy() throws IOException {
		ServerSocketChannel channel = this.server;
		if (channel != null) {
			this.server = null;
			channel.close();
			Files.deleteIfExists(this.path);
		}
	}

}
