package dev.bastion.auth.reset;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.core.task.TaskExecutor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.StringUtils;

import dev.bastion.account.Account;
import dev.bastion.account.AccountManagement;
import dev.bastion.account.AccountDirectory;
import dev.bastion.account.EmailAddress;
import dev.bastion.audit.SecurityEvent;
import dev.bastion.auth.AuthProperties;
import dev.bastion.auth.login.EverythingRevoked;
import dev.bastion.auth.login.Logins;
import dev.bastion.auth.reset.PasswordEvents.PasswordChanged;
import dev.bastion.auth.reset.PasswordEvents.PasswordResetRequested;
import dev.bastion.system.InvalidInputException;
import dev.bastion.crypto.Secrets;
import dev.bastion.system.Secret;

/**
 * Forgotten passwords: a single-use link, valid 30 minutes, sent by e-mail and stored
 * only as a keyed hash. The request always gets the same answer, and the e-mail is sent
 * in the background, so neither the answer nor its timing tells whether the address has
 * an account. Only the newest link of an account works, and only while the account has
 * the address it was sent to and the password it was meant to replace, and is active; an
 * eviction (revoke-tokens, deactivation) ends it. A successful reset ends every login of
 * the account. An account gets at most one link every {@link #RESEND_AFTER}: a flood of
 * requests for someone's address, from however many addresses, neither fills their inbox
 * nor keeps replacing the link they are about to open.
 */
@Service
class PasswordReset {

	private static final Logger logger = LoggerFactory.getLogger(PasswordReset.class);

	private static final int TOKEN_BYTES = 32;

	private static final int MAX_TOKEN_LENGTH = 100;

	static final Duration RESEND_AFTER = Duration.ofMinutes(5);

	private final JdbcClient jdbc;

	private final AccountDirectory accounts;

	private final AccountManagement management;

	private final Logins logins;

	private final Secrets secrets;

	private final ObjectProvider<JavaMailSender> mailSender;

	private final TaskExecutor executor;

	private final AuthProperties properties;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final TransactionOperations transactions;

	PasswordReset(JdbcClient jdbc, AccountDirectory accounts, AccountManagement management, Logins logins,
			Secrets secrets, ObjectProvider<JavaMailSender> mailSender,
			@Qualifier("applicationTaskExecutor") TaskExecutor executor, AuthProperties properties,
			ApplicationEventPublisher events, Clock clock, TransactionOperations transactions) {
		this.transactions = transactions;
		this.jdbc = jdbc;
		this.accounts = accounts;
		this.management = management;
		this.logins = logins;
		this.secrets = secrets;
		this.mailSender = mailSender;
		this.executor = executor;
		this.properties = properties;
		this.events = events;
		this.clock = clock;
	}

	void request(@Nullable String email, SecurityEvent.Caller caller) {
		String address = EmailAddress.of(email).value();
		this.executor.execute(() -> sendLink(address, caller));
	}

	private void sendLink(String address, SecurityEvent.Caller caller) {
		Optional<Account> account = this.accounts.findByEmail(address).filter(Account::active);
		this.events.publishEvent(new PasswordResetRequested(account.map(Account::id).orElse(null),
				account.map(Account::username).orElse(null), caller));
		if (account.isEmpty()) {
			return;
		}
		JavaMailSender sender = this.mailSender.getIfAvailable();
		if (sender == null || (sender instanceof JavaMailSenderImpl impl && !StringUtils.hasText(impl.getHost()))) {
			logger.warn("A password reset was requested but SMTP_HOST is not set; no e-mail was sent");
			return;
		}
		String token = this.transactions.execute((status) -> newLink(account.get()));
		if (token == null) {
			return;
		}
		try {
			sender.send(message(address, token));
		}
		catch (MailException ex) {
			logger.warn("The password reset e-mail could not be sent: {}", ex.getClass().getSimpleName());
		}
	}

	/**
	 * A new link, the account's earlier ones ended; none while one made less than
	 * {@link #RESEND_AFTER} ago is live. The account's row is locked first, so that of
	 * requests at once (on any instance) only the first makes a link.
	 */
	private @Nullable String newLink(Account account) {
		this.jdbc.sql("select id from accounts where id = ? for update").param(account.id()).query().listOfRows();
		Instant now = this.clock.instant();
		if (sentRecently(account.id(), now)) {
			return null;
		}
		String token = Secrets.randomToken(TOKEN_BYTES);
		this.jdbc.sql("update password_reset_tokens set used_at = ? where account_id = ? and used_at is null")
			.params(Timestamp.from(now), account.id())
			.update();
		this.jdbc
			.sql("insert into password_reset_tokens (token_hash, account_id, expires_at, account_state) "
					+ "values (?, ?, ?, ?)")
			.params(this.secrets.hash(token), account.id(),
					Timestamp.from(now.plus(this.properties.passwordResetTtl())), accountState(account))
			.update();
		return token;
	}

	/** Whether the account has a live link made less than {@link #RESEND_AFTER} ago. */
	private boolean sentRecently(UUID accountId, Instant now) {
		Instant madeAfter = now.minus(RESEND_AFTER).plus(this.properties.passwordResetTtl());
		return this.jdbc
			.sql("select count(*) from password_reset_tokens where account_id = ? and used_at is null "
					+ "and expires_at > ? and expires_at > ?")
			.params(accountId, Timestamp.from(madeAfter), Timestamp.from(now))
			.query(Long.class)
			.single() > 0;
	}

	/**
	 * An eviction ends the account's reset links too: they would let the intruder back.
	 */
	@EventListener
	void on(EverythingRevoked revoked) {
		this.jdbc.sql("update password_reset_tokens set used_at = ? where account_id = ? and used_at is null")
			.params(Timestamp.from(this.clock.instant()), revoked.accountId())
			.update();
	}

	/**
	 * What a link is bound to: the account's address and password hash when it was made.
	 * A change of either, by any route, leaves the link pointing at an account state that
	 * is gone.
	 */
	private String accountState(Account account) {
		return this.secrets
			.hash("reset link\n" + account.id() + "\n" + account.email() + "\n" + account.passwordHash());
	}

	/**
	 * Marks the token used, atomically: of two requests with one token, only one gets the
	 * account; and only if the account is still as it was when the link was made.
	 */
	private @Nullable UUID spend(String token) {
		String hash = this.secrets.hash(token);
		Timestamp now = Timestamp.from(this.clock.instant());
		int spent = this.jdbc.sql(
				"update password_reset_tokens set used_at = ? where token_hash = ? and used_at is null and expires_at > ?")
			.params(now, hash, now)
			.update();
		if (spent != 1) {
			return null;
		}
		Link link = this.jdbc.sql("select account_id, account_state from password_reset_tokens where token_hash = ?")
			.param(hash)
			.query((row, number) -> new Link(row.getObject("account_id", UUID.class), row.getString("account_state")))
			.single();
		boolean unchanged = this.accounts.findById(link.accountId())
			.filter(Account::active)
			.filter((account) -> MessageDigest.isEqual(accountState(account).getBytes(StandardCharsets.US_ASCII),
					link.accountState().getBytes(StandardCharsets.US_ASCII)))
			.isPresent();
		return unchanged ? link.accountId() : null;
	}

	private record Link(UUID accountId, String accountState) {
	}

	private SimpleMailMessage message(String address, String token) {
		SimpleMailMessage message = new SimpleMailMessage();
		message.setFrom(this.properties.mailFrom());
		message.setTo(address);
		message.setSubject("Reset your Bastion password");
		// The token travels in the fragment, which browsers never send to a server or in
		// a Referer.
		String link = this.properties.publicUrl().resolve("/reset-password") + "#token=" + token;
		message.setText("Someone asked to reset the password of your Bastion account.\n\n"
				+ "To choose a new password, open this link within " + this.properties.passwordResetTtl().toMinutes()
				+ " minutes:\n\n" + link + "\n\n"
				+ "If it was not you, ignore this e-mail; your password stays as it is.\n");
		return message;
	}

	/**
	 * Deletes reset links a day after they expired, used or not: they can no longer work,
	 * and every request for a link adds one.
	 */
	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT4M")
	void purgeExpired() {
		this.jdbc.sql("delete from password_reset_tokens where expires_at < ?")
			.param(Timestamp.from(this.clock.instant().minus(Duration.ofDays(1))))
			.update();
	}

	@Transactional
	void reset(@Nullable Secret token, @Nullable Secret newPassword) {
		UUID accountId = (token == null || token.reveal().length() > MAX_TOKEN_LENGTH) ? null : spend(token.reveal());
		if (accountId == null) {
			throw new InvalidInputException("token", "is invalid, used or expired; ask for a new link");
		}
		// A refused new password rolls the spending back, so the link still works.
		this.management.setPassword(accountId, Secret.revealed(newPassword), "new_password");
		this.logins.revokeEverything(accountId);
		this.events.publishEvent(new PasswordChanged(accountId,
				this.accounts.findById(accountId).map(Account::username).orElse(null), "reset"));
	}

}
