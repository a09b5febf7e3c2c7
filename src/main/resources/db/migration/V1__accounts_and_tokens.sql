-- Accounts, their credentials and every token issued to them. Portable SQL: the same file
-- runs on H2 (PostgreSQL mode) and on PostgreSQL.

create table accounts (
    id                 uuid primary key,
    username           varchar(50)  not null,
    email              varchar(254) not null,
    password_hash      varchar(255) not null,
    display_name       varchar(100),
    bio                varchar(500),
    role               varchar(16)  not null,
    active             boolean      not null,
    totp_secret        varchar(512),
    totp_enabled       boolean      not null,
    totp_last_step     bigint       not null,
    tokens_valid_after timestamp with time zone not null,
    created_at         timestamp with time zone not null,
    updated_at         timestamp with time zone not null,
    constraint accounts_username_unique unique (username),
    constraint accounts_email_unique unique (email)
);

create table password_history (
    account_id    uuid         not null references accounts (id) on delete cascade,
    password_hash varchar(255) not null,
    created_at    timestamp with time zone not null
);
create index password_history_by_account on password_history (account_id, created_at);

-- A login: one refresh-token family, rotated on every refresh.
create table token_families (
    id           uuid primary key,
    account_id   uuid not null references accounts (id) on delete cascade,
    created_at   timestamp with time zone not null,
    last_used_at timestamp with time zone not null,
    expires_at   timestamp with time zone not null,
    revoked_at   timestamp with time zone,
    ip           varchar(45),
    user_agent   varchar(200)
);
create index token_families_by_account on token_families (account_id);

create table refresh_tokens (
    token_hash varchar(64) primary key,
    family_id  uuid        not null references token_families (id) on delete cascade,
    created_at timestamp with time zone not null,
    used_at    timestamp with time zone
);
create index refresh_tokens_by_family on refresh_tokens (family_id);

-- Access tokens revoked before their expiry (logout, admin); rows expire with the token.
create table revoked_tokens (
    jti        varchar(64) primary key,
    expires_at timestamp with time zone not null
);

create table api_keys (
    id           uuid primary key,
    account_id   uuid         not null references accounts (id) on delete cascade,
    name         varchar(100) not null,
    prefix       varchar(24)  not null,
    key_hash     varchar(64)  not null,
    created_at   timestamp with time zone not null,
    expires_at   timestamp with time zone,
    last_used_at timestamp with time zone,
    revoked_at   timestamp with time zone,
    constraint api_keys_hash_unique unique (key_hash)
);
create index api_keys_by_account on api_keys (account_id);

-- Token-signing keys; the private half encrypted with a key derived from SECRET_KEY.
create table signing_keys (
    kid                   varchar(64)   primary key,
    algorithm             varchar(16)   not null,
    private_key_encrypted varchar(4000) not null,
    public_key            varchar(2000) not null,
    created_at            timestamp with time zone not null,
    retired_at            timestamp with time zone
);

create table password_reset_tokens (
    token_hash varchar(64) primary key,
    account_id uuid        not null references accounts (id) on delete cascade,
    expires_at timestamp with time zone not null,
    used_at    timestamp with time zone
);

create table recovery_codes (
    account_id uuid        not null references accounts (id) on delete cascade,
    code_hash  varchar(64) not null,
    used_at    timestamp with time zone,
    primary key (account_id, code_hash)
);
