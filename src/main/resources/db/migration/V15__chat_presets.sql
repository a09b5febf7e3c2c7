-- Per-user chat presets (a name, an optional model, a system prompt, an optional
-- temperature). Portable SQL: the same file runs on H2 (PostgreSQL mode) and on
-- PostgreSQL. A preset goes with its account; names are unique per account.
create table chat_presets (
    id            uuid primary key,
    account_id    uuid         not null references accounts (id) on delete cascade,
    name          varchar(100) not null,
    model         varchar(256),
    system_prompt varchar      not null,
    temperature   double precision,
    created_at    timestamp with time zone not null,
    updated_at    timestamp with time zone not null,
    constraint chat_presets_name_unique unique (account_id, name)
);

-- The preset a stored conversation uses; a deleted preset leaves the conversation on the
-- server's default.
alter table chat_sessions add column preset_id uuid references chat_presets (id) on delete set null;
