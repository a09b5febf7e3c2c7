package dev.bastion.auth.passkey;

import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;

/**
 * The WebAuthn user entities of Spring Security's relying-party operations, one per
 * account that made a passkey: a random user handle tied to the account row, with the
 * account's current username and display name (so a renamed account needs no update), and
 * gone with the account.
 */
public final class PasskeyUsers implements PublicKeyCredentialUserEntityRepository {

	private static final String SELECT = "select p.id, a.username, a.display_name from passkey_users p"
			+ " join accounts a on a.id = p.account_id ";

	private final JdbcClient jdbc;

	PasskeyUsers(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public @Nullable PublicKeyCredentialUserEntity findById(Bytes id) {
		return this.jdbc.sql(SELECT + "where p.id = ?")
			.param(id.toBase64UrlString())
			.query(PasskeyUsers::entity)
			.optional()
			.orElse(null);
	}

	@Override
	public @Nullable PublicKeyCredentialUserEntity findByUsername(String username) {
		return this.jdbc.sql(SELECT + "where a.username = ?")
			.param(username)
			.query(PasskeyUsers::entity)
			.optional()
			.orElse(null);
	}

	/** Ties a new user handle to the account named by the entity. */
	@Override
	public void save(PublicKeyCredentialUserEntity userEntity) {
		if (findById(userEntity.getId()) != null) {
			return;
		}
		this.jdbc.sql("insert into passkey_users (id, account_id) select ?, id from accounts where username = ?")
			.param(userEntity.getId().toBase64UrlString())
			.param(userEntity.getName())
			.update();
	}

	@Override
	public void delete(Bytes id) {
		this.jdbc.sql("delete from passkey_users where id = ?").param(id.toBase64UrlString()).update();
	}

	/** Removes every passkey of the account (with its user handle). */
	public void forgetAll(UUID accountId) {
		this.jdbc.sql("delete from passkey_users where account_id = ?").param(accountId).update();
	}

	/** The user handle of an account, when it ever made a passkey. */
	Optional<Bytes> handleOf(UUID accountId) {
		return this.jdbc.sql("select id from passkey_users where account_id = ?")
			.param(accountId)
			.query(String.class)
			.optional()
			.map(Bytes::fromBase64);
	}

	/** The account a user handle belongs to. */
	Optional<UUID> accountOf(Bytes handle) {
		return this.jdbc.sql("select account_id from passkey_users where id = ?")
			.param(handle.toBase64UrlString())
			.query(UUID.class)
			.optional();
	}

	private static PublicKeyCredentialUserEntity entity(java.sql.ResultSet row, int number)
			throws java.sql.SQLException {
		String username = row.getString("username");
		String displayName = row.getString("display_name");
		return ImmutablePublicKeyCredentialUserEntity.builder()
			.id(Bytes.fromBase64(row.getString("id")))
			.name(username)
			.displayName((displayName != null && !displayName.isBlank()) ? displayName : username)
			.build();
	}

}
