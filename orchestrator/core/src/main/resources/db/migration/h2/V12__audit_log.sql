-- The audit log: an append-only chain of canonical JSON entries, each holding the SHA-256 of the one before it.
-- The columns beside the entry (time, type, source, actor) are copies for queries; verification checks them against
-- the entry. audit_head is the chain's head, one row, locked by every append, so that two processes or nodes
-- writing at once take turns and never fork the chain (the primary key on seq forbids a fork besides).
create table audit_log (
    seq     bigint primary key,
    at      timestamp with time zone not null,
    type    varchar(64)  not null,
    source  varchar(200),
    actor   varchar(400) not null,
    entry   varchar(1000000) not null,
    hash    char(64)     not null
);
create index audit_log_at on audit_log (at);

create table audit_head (
    id      integer primary key,
    seq     bigint   not null,
    hash    char(64) not null
);
insert into audit_head (id, seq, hash) values (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
