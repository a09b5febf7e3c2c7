package dev.bastion.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

import dev.bastion.account.SetupEvents.SetupCodeRejected;
import dev.bastion.account.SetupEvents.SetupCompleted;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;
import dev.bastion.system.InvalidInputException;
import dev.bastion.crypto.Secrets;

/**
 * The first administrator, made over HTTP without stopping anything. A server that starts
 * with no active administrator prints a one-time setup code in its log, and only there;
 * {@code POST /api/v1/setup} with that code makes the administrator and spends every
 * code. Each instance on a database prints its own; any live one works, for
 * {@link #CODE_LIFETIME}. Once an administrator exists, setup is closed ({@code 404}).
 */
@Service
public class FirstAdministrator {

	/** How long a setup code works unless it is used first. */
	static final Duration CODE_LIFETIME = Duration.ofHours(24);

	/** The line operators and scripts look for; the code follows it. */
	static final String LOG_PREFIX = "Bastion setup code: ";

	private static final Logger logger = LoggerFactory.getLogger(FirstAdministrator.class);

	private static final int FINGERPRINT_LENGTH = 16;

	private final Accounts accounts;

	private final AccountManagement management;

	private final SetupCodes codes;

	private final AdminRoster roster;

	private final ApplicationEventPublisher events;

	private final Secrets secrets;

	private final Clock clock;

	FirstAdministrator(Accounts accounts, AccountManagement management, SetupCodes codes, AdminRoster roster,
			ApplicationEventPublisher events, Secrets secrets, Clock clock) {
		this.accounts = accounts;
		this.management = management;
		this.codes = codes;
		this.roster = roster;
		this.events = events;
		this.secrets = secrets;
		this.clock = clock;
	}

	/**
	 * Prints a new code when a server starts without an active administrator (not the
	 * command line, nor {@code doctor}, which opens no port). It is a secret written to
	 * the log on purpose: the log is where only the operator looks, and the code is
	 * worthless once an administrator exists.
	 */
	@EventListener
	void started(ApplicationReadyEvent ready) {
		if (!serving(ready) || this.accounts.activeAdmins() > 0) {
			return;
		}
		Instant now = this.clock.instant();
		String code = this.codes.issue(now, now.plus(CODE_LIFETIME));
		logger.warn(LOG_PREFIX + code);
		logger.warn(
				"No administrator exists yet: open Bastion's web page and enter the setup code above, "
						+ "or POST it to /api/v1/setup, within {} hours. `admin create-admin` works too.",
				CODE_LIFETIME.toHours());
	}

	private static boolean serving(ApplicationReadyEvent ready) {
		WebServer server = (ready.getApplicationContext() instanceof WebServerApplicationContext context)
				? context.getWebServer() : null;
		return server != null && server.getPort() > 0;
	}

	/** Whether setup is open: no active administrator, and a code to use. */
	public boolean open() {
		return this.accounts.activeAdmins() == 0 && this.codes.anyLive(this.clock.instant());
	}

	/**
	 * Makes the first administrator. Closed: {@code 404}. A code that is not live:
	 * {@code 400} on {@code setup_code}, counted against {@code clientIp} like a failed
	 * login, before any password work. Of two setups at once, one wins; the other finds
	 * setup closed.
	 */
	public Profile setUp(@Nullable String setupCode, @Nullable String username, @Nullable String email,
			@Nullable String password, String clientIp) {
		if (!open()) {
			throw closed();
		}
		String hash = this.codes.hash(setupCode)
			.filter((stored) -> this.codes.live(stored, this.clock.instant()))
			.orElse(null);
		if (hash == null) {
			// Setup may have been finished a moment ago, which spent every code.
			throw open() ? rejected(clientIp) : closed();
		}
		Profile admin = this.management.create(Username.of(username), EmailAddress.of(email), password, Role.ADMIN,
				false, (account) -> {
					if (this.roster.anotherActiveAdmin(account.id())) {
						throw closed();
					}
					if (!this.codes.spend(hash, this.clock.instant())) {
						throw rejected(clientIp);
					}
					this.codes.spendAll();
				});
		this.events.publishEvent(new SetupCompleted(admin.id(), admin.username()));
		return admin;
	}

	/**
	 * Every wrong code counts as guesses at one name (a login fingerprint no login name
	 * can have), so they add to the address's failures, not to its distinct names.
	 */
	private InvalidInputException rejected(String clientIp) {
		this.events.publishEvent(
				new SetupCodeRejected(clientIp, this.secrets.hash("setup code").substring(0, FINGERPRINT_LENGTH)));
		return new InvalidInputException("setup_code", "is not a valid setup code (spent, expired or mistyped)");
	}

	private static BastionException closed() {
		return new BastionException(ErrorCode.NOT_FOUND, "Bastion is set up already.");
	}

}
