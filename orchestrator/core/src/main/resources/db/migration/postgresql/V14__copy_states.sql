-- What grading and listing need from a copy's verifications and stored objects, kept on the copy's row by every
-- write that changes them (BackupStore.refreshCopyState, in the same transaction): the copy's newest verification of
-- any kind, its newest failed one and its newest passed full or sample one (equal finish times: the newest by id, the
-- failed and passed ones the oldest by id, as grading has always taken them), and whether every stored object of it
-- has been re-read and matched. list, latest-good and recover read these instead of every verification and object.
alter table backup_copies
    add column newest_id bigint,
    add column newest_at timestamp with time zone,
    add column newest_mode varchar(16),
    add column newest_status varchar(16),
    add column newest_findings integer,
    add column failed_id bigint,
    add column failed_at timestamp with time zone,
    add column failed_mode varchar(16),
    add column failed_findings integer,
    add column proof_id bigint,
    add column proof_at timestamp with time zone,
    add column proof_mode varchar(16),
    add column proof_findings integer,
    add column objects_verified boolean not null default false;

update backup_copies c set
    newest_id = (select v.id from verifications v where v.backup_id = c.backup_id and v.storage = c.storage
                 order by v.finished_at desc, v.id desc fetch first row only),
    failed_id = (select v.id from verifications v where v.backup_id = c.backup_id and v.storage = c.storage
                 and v.status = 'failed' order by v.finished_at desc, v.id fetch first row only),
    proof_id = (select v.id from verifications v where v.backup_id = c.backup_id and v.storage = c.storage
                and v.status = 'ok' and v.mode in ('full', 'sample') order by v.finished_at desc, v.id fetch first row only),
    objects_verified = exists (select 1 from backup_objects o where o.backup_id = c.backup_id and o.storage = c.storage)
        and not exists (select 1 from backup_objects o where o.backup_id = c.backup_id and o.storage = c.storage
                        and o.last_verified_at is null)
where exists (select 1 from verifications v where v.backup_id = c.backup_id and v.storage = c.storage)
    or exists (select 1 from backup_objects o where o.backup_id = c.backup_id and o.storage = c.storage
               and o.last_verified_at is not null);

update backup_copies c set
    (newest_at, newest_mode, newest_status, newest_findings)
        = (select v.finished_at, v.mode, v.status, v.findings from verifications v where v.id = c.newest_id),
    (failed_at, failed_mode, failed_findings)
        = (select v.finished_at, v.mode, v.findings from verifications v where v.id = c.failed_id),
    (proof_at, proof_mode, proof_findings)
        = (select v.finished_at, v.mode, v.findings from verifications v where v.id = c.proof_id)
where c.newest_id is not null;
