package dev.bastion.chat;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.bastion.audit.StoredDataTampered;
import dev.bastion.crypto.Secrets;
import dev.bastion.crypto.UnreadableSecretException;
import dev.bastion.system.BastionException;
import dev.bastion.system.ErrorCode;

/**
 * The stored presets of each account, visible only to their owner (to anyone else a
 * preset does not exist), at most {@code CHAT_PRESETS_MAX} per account, names unique per
 * account, gone with the account (the rows cascade). The system prompt is stored AES-GCM
 * encrypted under a key derived from {@code SECRET_KEY}, bound to its account and preset:
 * one changed or copied from another row does not open, and its preset is then left out
 * wherever it is read (deleting it still works) and reported as tampering.
 */
@Component
class Presets {

	static final String PROMPTS = "chat_presets.system_prompt";

	private static final String COLUMNS = "id, name, model, system_prompt, temperature, created_at, updated_at";

	private final JdbcClient jdbc;

	private final Clock clock;

	private final PresetProperties properties;

	private final Secrets secrets;

	private final ApplicationEventPublisher events;

	Presets(JdbcClient jdbc, Clock clock, PresetProperties properties, Secrets secrets,
			ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.properties = properties;
		this.secrets = secrets;
		this.events = events;
	}

	/** The account's presets that open, by name. */
	List<Preset> list(UUID accountId) {
		return this.jdbc.sql("select " + COLUMNS + " from chat_presets where account_id = ? order by name, id")
			.param(accountId)
			.query(Presets::sealed)
			.list()
			.stream()
			.flatMap((sealed) -> open(accountId, sealed).stream())
			.toList();
	}

	/** One of the account's presets; empty for a preset of another account. */
	Optional<Preset> find(UUID accountId, UUID id) {
		return this.jdbc.sql("select " + COLUMNS + " from chat_presets where id = ? and account_id = ?")
			.params(id, accountId)
			.query(Presets::sealed)
			.optional()
			.flatMap((sealed) -> open(accountId, sealed));
	}

	/** One of the account's presets; 404 PRESET_NOT_FOUND otherwise. */
	Preset get(UUID accountId, UUID id) {
		return find(accountId, id).orElseThrow(Presets::notFound);
	}

	/**
	 * Stores a new preset: 409 PRESET_LIMIT_REACHED when the account has as many as it
	 * may keep (counted under a lock on the account's row, so that requests at the same
	 * time cannot pass the bound together), 409 CONFLICT when the name is taken.
	 */
	@Transactional
	public Preset create(UUID accountId, Fields fields) {
		this.jdbc.sql("select id from accounts where id = ? for update").param(accountId).query().singleValue();
		long count = this.jdbc.sql("select count(*) from chat_presets where account_id = ?")
			.param(accountId)
			.query(Long.class)
			.single();
		if (count >= this.properties.max()) {
			throw new BastionException(ErrorCode.PRESET_LIMIT_REACHED, "You already keep the largest number of "
					+ "presets allowed (" + this.properties.max() + "); delete one to make room.");
		}
		UUID id = UUID.randomUUID();
		Timestamp now = Timestamp.from(this.clock.instant());
		try {
			this.jdbc
				.sql("insert into chat_presets (id, account_id, name, model, system_prompt, temperature, created_at, "
						+ "updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)")
				.params(id, accountId, fields.name(), fields.model(), seal(accountId, id, fields.systemPrompt()),
						fields.temperature(), now, now)
				.update();
		}
		catch (DuplicateKeyException ex) {
			throw nameTaken();
		}
		return get(accountId, id);
	}

	/** Replaces every field of one of the account's presets. */
	@Transactional
	public Preset replace(UUID accountId, UUID id, Fields fields) {
		int updated;
		try {
			updated = this.jdbc
				.sql("update chat_presets set name = ?, model = ?, system_prompt = ?, temperature = ?, updated_at = ? "
						+ "where id = ? and account_id = ?")
				.params(fields.name(), fields.model(), seal(accountId, id, fields.systemPrompt()), fields.temperature(),
						Timestamp.from(this.clock.instant()), id, accountId)
				.update();
		}
		catch (DuplicateKeyException ex) {
			throw nameTaken();
		}
		if (updated == 0) {
			throw notFound();
		}
		return get(accountId, id);
	}

	void delete(UUID accountId, UUID id) {
		if (this.jdbc.sql("delete from chat_presets where id = ? and account_id = ?")
			.params(id, accountId)
			.update() == 0) {
			throw notFound();
		}
	}

	int max() {
		return this.properties.max();
	}

	static BastionException notFound() {
		return new BastionException(ErrorCode.PRESET_NOT_FOUND,
				"You have no preset with this id; GET /api/v1/users/me/presets lists yours.");
	}

	private static BastionException nameTaken() {
		return new BastionException(ErrorCode.CONFLICT, "You already have a preset of this name; choose another name.");
	}

	private String seal(UUID accountId, UUID id, String prompt) {
		return this.secrets.encrypt(prompt, context(accountId, id));
	}

	/** The preset with its prompt opened; empty (and reported) when it does not open. */
	private Optional<Preset> open(UUID accountId, Preset sealed) {
		try {
			String prompt = this.secrets.decrypt(sealed.systemPrompt(), context(accountId, sealed.id()));
			return Optional.of(new Preset(sealed.id(), sealed.name(), sealed.model(), prompt, sealed.temperature(),
					sealed.createdAt(), sealed.updatedAt()));
		}
		catch (UnreadableSecretException ex) {
			this.events.publishEvent(new StoredDataTampered(accountId, null, PROMPTS));
			return Optional.empty();
		}
	}

	private static String context(UUID accountId, UUID id) {
		return PROMPTS + "/" + accountId + "/" + id;
	}

	/** A row as stored, its prompt still sealed. */
	private static Preset sealed(ResultSet row, int number) throws SQLException {
		return new Preset(row.getObject("id", UUID.class), row.getString("name"), row.getString("model"),
				row.getString("system_prompt"), row.getObject("temperature", Double.class),
				row.getTimestamp("created_at").toInstant(), row.getTimestamp("updated_at").toInstant());
	}

	/** A preset's fields, already checked. */
	record Fields(String name, @Nullable String model, String systemPrompt, @Nullable Double temperature) {

		@Override
		public String toString() {
			return "Fields[]";
		}

	}

}
