package dev.bastion.chat;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * {@code CHAT_HISTORY_RETENTION}: stored conversations whose last message is older than
 * it are deleted (their messages with them), in the background, {@value #BATCH} at a
 * time, each batch a statement of its own so that no long transaction holds the table.
 * Every instance runs it; deleting what another instance deleted a moment ago is a no-op.
 * It also runs with history switched off, for what was stored before.
 */
@Component
class HistoryRetention {

	private static final Logger logger = LoggerFactory.getLogger(HistoryRetention.class);

	static final int BATCH = 500;

	private final JdbcClient jdbc;

	private final Clock clock;

	private final ChatProperties.History history;

	HistoryRetention(JdbcClient jdbc, Clock clock, ChatProperties properties) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.history = properties.history();
	}

	@Scheduled(
			fixedDelayString = "${bastion.chat.history.purge-interval:" + ChatProperties.DEFAULT_PURGE_INTERVAL + "}",
			initialDelayString = "${bastion.chat.history.purge-interval:" + ChatProperties.DEFAULT_PURGE_INTERVAL + "}")
	void purge() {
		Duration retention = this.history.retention();
		if (retention == null) {
			return;
		}
		Timestamp cutoff = Timestamp.from(this.clock.instant().minus(retention));
		long deleted = 0;
		List<UUID> batch;
		do {
			batch = this.jdbc
				.sql("select id from chat_sessions where updated_at < ? order by updated_at limit " + BATCH)
				.param(cutoff)
				.query((rs, row) -> rs.getObject(1, UUID.class))
				.list();
			if (!batch.isEmpty()) {
				// A conversation continued since it was selected is kept.
				deleted += this.jdbc.sql("delete from chat_sessions where id in (:ids) and updated_at < :cutoff")
					.param("ids", batch)
					.param("cutoff", cutoff)
					.update();
			}
		}
		while (batch.size() == BATCH);
		if (deleted > 0) {
			logger.info(
					"Deleted {} stored conversation(s) whose last message is older than CHAT_HISTORY_RETENTION ({})",
					deleted, retention);
		}
	}

}
