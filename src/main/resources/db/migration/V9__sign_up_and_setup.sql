-- Who may sign up (REGISTRATION) and the first administrator (setup codes). Portable SQL:
-- the same file runs on H2 (PostgreSQL mode) and on PostgreSQL.

-- Under REGISTRATION=approval a new account waits, pending, until an administrator
-- approves it (a pending account is not deactivated: it has never been let in). Every
-- account made before this migration counts as approved.
alter table accounts add column pending boolean default false not null;

-- One-time codes printed at start-up while no administrator is active; each instance
-- prints its own. Stored as keyed hashes; all are spent when the first administrator
-- exists.
create table setup_codes (
    code_hash  varchar(64) primary key,
    created_at timestamp with time zone not null,
    expires_at timestamp with time zone not null
);

-- Invitations to register (REGISTRATION=invite): single use, with an expiry and an
-- optional e-mail address they are bound to. The code is stored as a keyed hash.
create table invites (
    id         uuid primary key,
    code_hash  varchar(64)  not null,
    email      varchar(254),
    created_by uuid references accounts (id) on delete set null,
    created_at timestamp with time zone not null,
    expires_at timestamp with time zone not null,
    used_at    timestamp with time zone,
    used_by    uuid references accounts (id) on delete set null,
    constraint invites_code_unique unique (code_hash)
);

-- One row that every change to the set of active administrators locks first (the first
-- administrator's setup, a demotion, a deactivation): two at once then run one after the
-- other, so neither two setups nor two demotions can both pass their check.
create table admin_roster_lock (
    id integer primary key
);
insert into admin_roster_lock (id) values (1);
