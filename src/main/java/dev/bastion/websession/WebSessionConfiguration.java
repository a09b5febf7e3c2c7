package dev.bastion.websession;

import java.time.Duration;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.session.autoconfigure.DefaultCookieSerializerCustomizer;
import org.springframework.boot.session.autoconfigure.SessionTimeout;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.session.config.annotation.web.http.EnableSpringHttpSession;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.bastion.system.InsecureConfigurationException;
import dev.bastion.crypto.Secrets;

/**
 * Spring Session in front of the servlet container's sessions, over the database: the
 * cookie and its attributes stay as configured under {@code server.servlet.session}
 * ({@code WEB_SESSION_IDLE} the idle timeout), and the schema is Flyway's (V11), never
 * Spring Session's own script.
 */
@Configuration(proxyBeanMethods = false)
class WebSessionConfiguration {

	/**
	 * Also for the command line, where there are no sessions to lock: auth asks for it.
	 */
	@Bean
	WebSessionLocks webSessionLocks(JdbcTemplate jdbc, PlatformTransactionManager transactions, Secrets secrets) {
		return new WebSessionLocks(jdbc, new TransactionTemplate(transactions), new SessionSeal(secrets));
	}

	/** The sessions themselves: only for the web server. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@EnableSpringHttpSession
	static class ServedSessions {

		@Bean
		SealedSessionRepository sessionRepository(JdbcTemplate jdbc, PlatformTransactionManager transactions,
				Secrets secrets, SessionTimeout timeout, ApplicationEventPublisher events) {
			Duration idle = timeout.getTimeout();
			if (idle == null || idle.isNegative() || idle.isZero()) {
				throw new InsecureConfigurationException("WEB_SESSION_IDLE", "must be a positive duration",
						"Use the default of 30m, or a duration such as 15m.");
			}
			SessionSeal seal = new SessionSeal(secrets);
			ChosenSessionIds ids = new ChosenSessionIds();
			return new SealedSessionRepository(
					new StoredSessions(jdbc, new TransactionTemplate(transactions), seal, ids, idle, events), seal,
					ids);
		}

		/**
		 * The cookie carries the session id as it is (32 hex digits), as the container's
		 * did, rather than Spring Session's default Base64 of it.
		 */
		@Bean
		DefaultCookieSerializerCustomizer plainSessionCookie() {
			return (cookies) -> cookies.setUseBase64Encoding(false);
		}

	}

}
