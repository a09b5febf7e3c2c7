-- The web UI's sessions, shared by every instance (Spring Session's JDBC repository, whose
-- own schema script is never run). Two differences from that script, both so that a copy of
-- these tables holds nothing usable: session_id is a keyed hash of the cookie's session id
-- (64 hex characters), never the id itself, and every attribute value is an AES-GCM
-- ciphertext bound to that hash and the attribute's name. principal_name stays empty.
create table spring_session (
    primary_id            char(36) not null,
    session_id            char(64) not null,
    creation_time         bigint not null,
    last_access_time      bigint not null,
    max_inactive_interval int not null,
    expiry_time           bigint not null,
    principal_name        varchar(100),
    constraint spring_session_pk primary key (primary_id)
);
create unique index spring_session_ix1 on spring_session (session_id);
create index spring_session_ix2 on spring_session (expiry_time);

create table spring_session_attributes (
    session_primary_id char(36) not null,
    attribute_name     varchar(200) not null,
    attribute_bytes    bytea not null,
    constraint spring_session_attributes_pk primary key (session_primary_id, attribute_name),
    constraint spring_session_attributes_fk foreign key (session_primary_id)
        references spring_session (primary_id) on delete cascade
);
