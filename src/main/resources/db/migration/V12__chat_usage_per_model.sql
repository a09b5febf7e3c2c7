-- Usage per model and connection (model routing). The primary key grows, which neither
-- H2 nor PostgreSQL can do in place under one syntax: the table is rebuilt and renamed.
-- Rows from before keep their totals, with an empty model and connection.
create table chat_usage_per_model (
    account_id uuid         not null references accounts (id) on delete cascade,
    usage_day  date         not null,
    model      varchar(256) not null,
    connection varchar(64)  not null,
    tokens     bigint       not null,
    requests   bigint       not null,
    primary key (account_id, usage_day, model, connection)
);
insert into chat_usage_per_model (account_id, usage_day, model, connection, tokens, requests)
    select account_id, usage_day, '', '', tokens, requests from chat_usage;
drop table chat_usage;
alter table chat_usage_per_model rename to chat_usage;
