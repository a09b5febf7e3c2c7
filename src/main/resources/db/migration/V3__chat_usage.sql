-- Tokens spent per user and UTC day, for the daily budget.
create table chat_usage (
    account_id uuid   not null references accounts (id) on delete cascade,
    usage_day  date   not null,
    tokens     bigint not null,
    requests   bigint not null,
    primary key (account_id, usage_day)
);
