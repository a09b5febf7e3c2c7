-- Scheduled backups: one row per scheduled time. Instances sharing the database claim a
-- time by inserting its row; only the one whose insert succeeds writes that backup.
create table backup_runs (
    slot        timestamp with time zone primary key,
    instance    varchar(100) not null,
    started_at  timestamp with time zone not null,
    finished_at timestamp with time zone,
    status      varchar(16)  not null,
    file_name   varchar(200),
    bytes       bigint
);

-- The background purges look rows up by age.
create index chat_sessions_by_update on chat_sessions (updated_at);
create index token_families_by_expiry on token_families (expires_at);
create index password_reset_tokens_by_expiry on password_reset_tokens (expires_at);
