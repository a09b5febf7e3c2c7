-- An invite is an administrator's authority, lent: it admits nobody once its creator is
-- no longer an active administrator (demoted, deactivated, deleted) or had every token
-- revoked after making it. That is checked at redemption, in the database, so every
-- instance sharing it agrees. An invite made with the command line has no creating
-- account (the operator on the host made it) and is marked so here: a deleted creator
-- also leaves created_by empty, and its invites must not pass for the operator's.
-- Portable SQL: the same file runs on H2 (PostgreSQL mode) and on PostgreSQL.
alter table invites add column by_operator boolean default false not null;

-- Existing invites without a creator: the operator's only when the audit trail shows the
-- command line made them; the others were a deleted administrator's.
update invites set by_operator = true
where created_by is null
  and exists (select 1 from audit_events e
              where e.type = 'ADMIN_ACTION'
                and e.details like '%"via":"cli"%'
                and e.details like '%' || cast(invites.id as varchar(36)) || '%');
