-- A mark per committed transaction on an H2 catalog, kept for an hour: when a handover between processes breaks the
-- connection after a commit was sent and before its answer came, the retry looks for the mark to learn whether the
-- commit was applied, instead of applying the work a second time.
create table catalog_commits (
    mark varchar(36) not null primary key,
    at timestamp not null
);
create index catalog_commits_at on catalog_commits (at);
