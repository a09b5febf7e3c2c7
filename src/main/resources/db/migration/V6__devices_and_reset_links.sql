-- Devices that logged in to an account with its password (and second factor): a device
-- token names one of these rows and is honoured only while the row exists. Deleting an
-- account's rows ends every device token issued to it (password change or reset, admin
-- revoke-tokens, deactivation; account deletion cascades).
create table devices (
    id           uuid primary key,
    account_id   uuid not null references accounts (id) on delete cascade,
    created_at   timestamp with time zone not null,
    last_used_at timestamp with time zone not null
);
create index devices_by_account on devices (account_id, last_used_at);

-- A reset link works only while the account still has the address it was sent to and the
-- password it was meant to replace: account_state is a keyed hash of both, taken when the
-- link was made. Links made before this column existed are dropped (their owners ask again).
delete from password_reset_tokens;
alter table password_reset_tokens add column account_state varchar(64) not null;
create index password_reset_tokens_by_account on password_reset_tokens (account_id);
