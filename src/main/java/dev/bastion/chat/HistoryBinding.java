package dev.bastion.chat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import dev.bastion.system.InsecureConfigurationException;
import dev.bastion.crypto.UnboundCiphertexts;

/**
 * Stored history from before messages and titles were bound to their owner's account:
 * re-sealed for the account by migration V8. That needs {@code CHAT_HISTORY_KEY} once,
 * even with history switched off since; without it the start is refused rather than the
 * history made unreadable.
 */
@Component
class HistoryBinding implements UnboundCiphertexts {

	private static final Logger logger = LoggerFactory.getLogger(HistoryBinding.class);

	private static final String TITLE = "title";

	private final ChatProperties.History history;

	HistoryBinding(ChatProperties properties) {
		this.history = properties.history();
	}

	@Override
	public int bind(Connection connection) throws SQLException {
		List<Row> unbound = new ArrayList<>();
		collect(connection, "select m.id, s.account_id, m.session_id, m.role as purpose, m.content as sealed "
				+ "from chat_messages m join chat_sessions s on s.id = m.session_id", unbound);
		collect(connection, "select s.id, s.account_id, s.id as session_id, 'title' as purpose, s.title as sealed "
				+ "from chat_sessions s where s.title is not null", unbound);
		if (unbound.isEmpty()) {
			return 0;
		}
		if (this.history.key().isBlank()) {
			throw new InsecureConfigurationException("CHAT_HISTORY_KEY",
					"is needed once to upgrade the stored conversation history",
					"Start once with CHAT_HISTORY_KEY set to the key the history was written with (CHAT_HISTORY may "
							+ "stay off), or delete the stored history (delete from chat_sessions).");
		}
		HistoryCipher cipher = ChatConfiguration.historyCipher(this.history);
		int bound = 0;
		try (PreparedStatement message = connection
			.prepareStatement("update chat_messages set content = ? where id = ?");
				PreparedStatement title = connection
					.prepareStatement("update chat_sessions set title = ? where id = ?")) {
			for (Row row : unbound) {
				Optional<String> sealed = cipher.bind(row.account(), row.session(), row.purpose(), row.sealed());
				if (sealed.isPresent()) {
					PreparedStatement update = row.purpose().equals(TITLE) ? title : message;
					update.setString(1, sealed.get());
					update.setObject(2, row.id());
					bound += update.executeUpdate();
				}
			}
		}
		if (bound < unbound.size()) {
			// Left as they are: reading them later leaves them out and reports them.
			logger.warn("{} stored history value(s) open with none of the history keys and were left as they are",
					unbound.size() - bound);
		}
		return bound;
	}

	private static void collect(Connection connection, String query, List<Row> unbound) throws SQLException {
		try (PreparedStatement select = connection.prepareStatement(query); ResultSet rows = select.executeQuery()) {
			while (rows.next()) {
				String sealed = rows.getString("sealed");
				if (HistoryCipher.isUnbound(sealed)) {
					unbound.add(new Row(rows.getObject("id"), rows.getObject("account_id", UUID.class),
							rows.getObject("session_id", UUID.class), rows.getString("purpose"), sealed));
				}
			}
		}
	}

	/** A stored value of the older format, and where it belongs. */
	private record Row(Object id, UUID account, UUID session, String purpose, String sealed) {
	}

}
