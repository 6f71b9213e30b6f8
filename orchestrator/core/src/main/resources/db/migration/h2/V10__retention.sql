-- Retention and prune. A copy prune removes is first marked 'removing' in backup_copies together with a row here
-- (why, and how much it holds); once its objects are gone the copy row goes and pruned_at is set here. A backup
-- with no copy left turns 'pruned' and keeps its row, verifications and trials: the history auditors read.
create table pruned_copies (
    backup_id     varchar(64)  not null references backups (id) on delete cascade,
    storage       varchar(64)  not null,
    reason        varchar(1000) not null,
    stored_bytes  bigint       not null default 0,
    requested_at  timestamp with time zone not null,
    pruned_at     timestamp with time zone,
    primary key (backup_id, storage)
);

alter table backups add column pruned_at timestamp with time zone;
alter table backups add column pruned_by varchar(1000);
