package dev.bastion.auth.login;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

import dev.bastion.crypto.Hmac;
import dev.bastion.crypto.MasterSecret;
import dev.bastion.system.Secret;

/**
 * Proof that a client has logged in to an account before (OWASP's "device cookie"): a
 * token signed with a key derived from SECRET_KEY, naming the account and a device the
 * account trusts. Such a client is not stopped by the account's lock, only by its own
 * failures. Devices are rows of their account: a token counts only while its row exists,
 * so ending an account's devices ends every device token issued to it before.
 */
public final class DeviceTokens {

	/** How long a device stays trusted without a full login, and a token's lifetime. */
	static final Duration LIFETIME = Duration.ofDays(365);

	private static final int MAX_TOKEN_LENGTH = 300;

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private final Hmac key;

	private final JdbcClient jdbc;

	private final Clock clock;

	private final int maxPerAccount;

	DeviceTokens(MasterSecret secret, JdbcClient jdbc, Clock clock, int maxPerAccount) {
		this.key = secret.hmac("bastion device tokens");
		this.jdbc = jdbc;
		this.clock = clock;
		this.maxPerAccount = maxPerAccount;
	}

	/**
	 * The device a token names, if the token is genuine, unexpired, issued for this
	 * account, and the account still trusts the device.
	 */
	Optional<UUID> verify(@Nullable Secret presented, UUID accountId) {
		String token = (presented != null) ? presented.reveal() : "";
		if (token.length() > MAX_TOKEN_LENGTH || token.indexOf('.') < 0) {
			return Optional.empty();
		}
		String encoded = token.substring(0, token.lastIndexOf('.'));
		String signature = token.substring(token.lastIndexOf('.') + 1);
		if (!Hmac.same(sign(encoded).getBytes(StandardCharsets.US_ASCII),
				signature.getBytes(StandardCharsets.US_ASCII))) {
			return Optional.empty();
		}
		// Signed by us, so well-formed: account id, device id, issue time.
		String[] parts = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8).split("\\.");
		Instant now = this.clock.instant();
		Instant issued = Instant.ofEpochSecond(Long.parseLong(parts[2]));
		if (!parts[0].equals(accountId.toString()) || !issued.plus(LIFETIME).isAfter(now)) {
			return Optional.empty();
		}
		UUID device = UUID.fromString(parts[1]);
		return trusted(accountId, device, now) ? Optional.of(device) : Optional.empty();
	}

	/**
	 * A token after a full login. The device that presented a valid token keeps its id;
	 * any other client becomes a new device, and the least recently used ones beyond the
	 * cap are forgotten.
	 */
	Secret issue(UUID accountId, Optional<UUID> known) {
		Instant now = this.clock.instant();
		UUID device = known.filter((id) -> touch(accountId, id, now)).orElseGet(() -> add(accountId, now));
		String payload = accountId + "." + device + "." + now.getEpochSecond();
		String encoded = ENCODER.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
		return Secret.of(encoded + "." + sign(encoded));
	}

	/** Ends every device token of the account, whenever it was issued. */
	public void forgetAll(UUID accountId) {
		this.jdbc.sql("delete from devices where account_id = ?").param(accountId).update();
	}

	@Scheduled(fixedDelayString = "PT6H", initialDelayString = "PT2M")
	void purgeUnused() {
		this.jdbc.sql("delete from devices where last_used_at <= ?")
			.param(Timestamp.from(this.clock.instant().minus(LIFETIME)))
			.update();
	}

	private boolean trusted(UUID accountId, UUID device, Instant now) {
		return this.jdbc.sql("select count(*) from devices where id = ? and account_id = ? and last_used_at > ?")
			.params(device, accountId, Timestamp.from(now.minus(LIFETIME)))
			.query(Long.class)
			.single() > 0;
	}

	/**
	 * False when the device was forgotten since its token was checked: its old tokens
	 * must stay dead, so the client gets a new id.
	 */
	private boolean touch(UUID accountId, UUID device, Instant now) {
		return this.jdbc.sql("update devices set last_used_at = ? where id = ? and account_id = ?")
			.params(Timestamp.from(now), device, accountId)
			.update() == 1;
	}

	private UUID add(UUID accountId, Instant now) {
		UUID device = UUID.randomUUID();
		this.jdbc.sql("insert into devices (id, account_id, created_at, last_used_at) values (?, ?, ?, ?)")
			.params(device, accountId, Timestamp.from(now), Timestamp.from(now))
			.update();
		List<UUID> beyondCap = this.jdbc
			.sql("select id from devices where account_id = ? order by last_used_at desc, created_at desc")
			.param(accountId)
			.query((rs, row) -> rs.getObject(1, UUID.class))
			.list()
			.stream()
			.skip(this.maxPerAccount)
			.toList();
		beyondCap.forEach((old) -> this.jdbc.sql("delete from devices where id = ?").param(old).update());
		return device;
	}

	private String sign(String encoded) {
		return ENCODER.encodeToString(this.key.sign(encoded.getBytes(StandardCharsets.US_ASCII)));
	}

}
