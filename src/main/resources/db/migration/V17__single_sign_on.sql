-- Single sign-on (OpenID Connect). Portable SQL: the same file runs on H2 (PostgreSQL
-- mode) and on PostgreSQL.

-- Which identity at which provider signs in as which account: the provider's issuer and
-- its subject (the "sub" claim, stable and never reassigned), never the e-mail address,
-- which a provider may let its users change. One link per identity; an account may have
-- one per provider. Gone with the account.
create table sso_links (
    issuer        varchar(500) not null,
    subject       varchar(255) not null,
    account_id    uuid         not null references accounts (id) on delete cascade,
    created_at    timestamp with time zone not null,
    last_login_at timestamp with time zone not null,
    constraint sso_links_pk primary key (issuer, subject),
    constraint sso_links_account_unique unique (account_id, issuer)
);
