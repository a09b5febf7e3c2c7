-- The append-only audit trail: every row carries a keyed hash over its content and the
-- previous row's hash, so that editing, inserting or deleting a row breaks the chain.

create table audit_events (
    id            bigint        primary key,
    occurred_at   timestamp with time zone not null,
    type          varchar(64)   not null,
    severity      varchar(16)   not null,
    request_id    varchar(100),
    ip            varchar(64),
    user_id       uuid,
    username      varchar(254),
    user_agent    varchar(200),
    details       varchar(2000) not null,
    previous_hash varchar(64)   not null,
    hash          varchar(64)   not null
);
create index audit_events_by_time on audit_events (occurred_at);
create index audit_events_by_user on audit_events (user_id, occurred_at);

-- The end of the chain; locked while a row is appended, so appends from several
-- instances queue up instead of forking the chain.
create table audit_head (
    id        integer     primary key,
    last_id   bigint      not null,
    last_hash varchar(64) not null
);
insert into audit_head (id, last_id, last_hash)
values (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
