-- A recovery run started with --delete restores its shares as mirrors; a resumed run keeps doing so.
alter table recovery_runs add column mirror boolean not null default false;
