-- Look-ups the catalog commands make on every run (list, latest-good, recover --dry-run; issue 18): a source's trial
-- restores, and the checks and findings of trials and verifications, which had no index and were scanned whole.
create index trial_restores_source on trial_restores (source, started_at);
create index trial_checks_trial on trial_checks (trial_id);
create index verification_findings_verification on verification_findings (verification_id);
