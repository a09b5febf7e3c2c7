-- Admin user management. Portable SQL: the same file runs on H2 (PostgreSQL mode) and on
-- PostgreSQL.

-- An account an administrator created with a one-time password: until its owner sets a
-- password of their own, every call but the password change (and login, logout, refresh,
-- reading the profile) is refused with 403 PASSWORD_CHANGE_REQUIRED.
alter table accounts add column must_change_password boolean default false not null;

-- The account's own daily token budget, overriding CHAT_DAILY_TOKEN_BUDGET; null: the
-- global one.
alter table accounts add column daily_token_budget bigint;

-- The models the account may use, comma-separated; null: every model its role may use.
alter table accounts add column allowed_models varchar(2000);
