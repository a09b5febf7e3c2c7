-- A signing key retired because it leaked: kept for forensics, never loaded again, so
-- every token it signed is refused.
alter table signing_keys add column compromised_at timestamp with time zone;

-- The end of the audit chain, signed (HMAC with the audit chain key): a head rewritten by
-- someone without SECRET_KEY no longer verifies. Filled in by the service on its first
-- start after this migration.
alter table audit_head add column mac varchar(64);
