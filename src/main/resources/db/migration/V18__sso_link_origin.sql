-- Which single sign-on links came with their account (made by its first sign-in through
-- the provider: the account is that identity) and which were added to an existing
-- account by proving its password. An eviction (password reset, an administrator's
-- revoke-tokens or deactivation) removes the added ones, as it removes passkeys: whoever
-- took the account over may have linked an identity of their own. Portable SQL: the same
-- file runs on H2 (PostgreSQL mode) and on PostgreSQL.
alter table sso_links add column with_account boolean default false not null;

-- A link made in the same transaction as its account is its origin.
update sso_links set with_account = true
where exists (select 1 from accounts a where a.id = sso_links.account_id
              and sso_links.created_at <= a.created_at + interval '10' second);
