-- Passkeys (WebAuthn). Portable SQL: the same file runs on H2 (PostgreSQL mode) and on
-- PostgreSQL.

-- The WebAuthn user handle of an account: random bytes (base64url), never the account id,
-- so that an authenticator learns nothing about the account from it. Gone with the
-- account, and its passkeys with it.
create table passkey_users (
    id         varchar(128) primary key,
    account_id uuid         not null references accounts (id) on delete cascade,
    constraint passkey_users_account_unique unique (account_id)
);

-- Spring Security's JdbcUserCredentialRepository schema (table and column names are
-- fixed by it), with the user handle tied to the account above. Binary columns are
-- bytea: H2 reads it as VARBINARY, PostgreSQL as bytea, and the repository writes them
-- with setBytes.
create table user_credentials (
    credential_id                varchar(1000) primary key,
    user_entity_user_id          varchar(128)  not null references passkey_users (id) on delete cascade,
    public_key                   bytea         not null,
    signature_count              bigint,
    uv_initialized               boolean,
    backup_eligible              boolean       not null,
    authenticator_transports     varchar(1000),
    public_key_credential_type   varchar(100),
    backup_state                 boolean       not null,
    attestation_object           bytea,
    attestation_client_data_json bytea,
    created                      timestamp,
    last_used                    timestamp,
    label                        varchar(1000) not null
);
create index user_credentials_by_user on user_credentials (user_entity_user_id);

-- A challenge handed out for one ceremony: single use (deleted when presented), short
-- lived. A sign-in challenge has no account; a registration challenge belongs to the
-- account that asked for it.
create table passkey_challenges (
    challenge  varchar(100) primary key,
    account_id uuid references accounts (id) on delete cascade,
    expires_at timestamp with time zone not null
);
create index passkey_challenges_by_expiry on passkey_challenges (expires_at);
