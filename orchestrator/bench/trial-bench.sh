#!/usr/bin/env bash
# Trial-restore time for a ~1 GB PostgreSQL database and a ~1 GiB file share (the shared bench dataset).
#
#   orchestrator/bench/trial-bench.sh [pg|share|both]
#
# Builds the CLI jar when it is missing or stale (through the launcher); needs PostgreSQL at 127.0.0.1:5432
# (trust, user postgres) and ../shared/bench/make-dataset.sh. For each: back up once with the CLI, then time
# `trial-restore --json` (wall clock, and the durationMs the trial records). Everything it makes (database,
# dataset, repository) is dropped or deleted at the end, also on failure.
# SIZE_MB (default 1024) sets the database size; SCALE (default 1) the share's.
set -euo pipefail
WHAT=${1:-both}
SIZE_MB=${SIZE_MB:-1024}
SCALE=${SCALE:-1}
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/bench-lib.sh"
bench_shared
bench_jar
bench_tmpdir trial
DS="$WORK/share" # the dataset's summary, $DS.dsgen.json, goes with WORK
PGDB=lb_trialbench_$$
PSQL="psql -X -q -h 127.0.0.1 -U postgres"
drop_databases() {
  $PSQL -d postgres -c "drop database if exists $PGDB with (force)" >/dev/null 2>&1 || true
  # a trial's scratch database is dropped by the trial itself; this only catches an interrupted bench
  for db in $($PSQL -d postgres -Atc "select datname from pg_database where datname like 'lifeboat_trial_benchdb_%'" 2>/dev/null); do
    $PSQL -d postgres -c "drop database if exists $db with (force)" >/dev/null 2>&1 || true
  done
}
bench_on_exit drop_databases
bench_on_exit 'rm -f "$WORK.dsgen.json"'
lb() { java -jar "$JAR" --config "$WORK/lifeboat.yaml" "$@"; }

{ bench_config ./var ./repo; bench_db_source benchdb postgres "$PGDB"; bench_files_source benchshare "$DS"; } \
  > "$WORK/lifeboat.yaml"
mkdir -p "$DS"

trial() { # SOURCE: back up once, then time the trial restore
  local s e
  s=$(now); lb backup "$1" --json > "$WORK/backup-$1.json"; e=$(now)
  printf '  backup        : %.1f s\n' "$(echo "$e - $s" | bc)"
  s=$(now); lb trial-restore "$1" --json > "$WORK/trial-$1.json"; e=$(now)
  printf '  trial-restore : %.1f s wall; ' "$(echo "$e - $s" | bc)"
  python3 - "$WORK/trial-$1.json" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))[0]
print(f"status {t['status']}, durationMs {t['durationMs']}, {t['bytes']} bytes, {t.get('rows', 0)} rows")
for c in t['checks']:
    print(f"    {c['status']:7} {c['name']}: {c['detail']}")
PY
}

if [[ $WHAT == pg || $WHAT == both ]]; then
  ROWS=$((SIZE_MB * 1024 * 1024 / 800))
  BODY="concat_ws(' '$(for k in $(seq 0 19); do printf ", md5((i * 20 + %d)::text)" $k; done), 'Schüler')"
  $PSQL -d postgres -c "create database $PGDB"
  $PSQL -d $PGDB -c "create table big (id bigint primary key, n int, body text, bin bytea)" \
    -c "insert into big select i, i % 1000, $BODY, decode(md5((i*7)::text), 'hex') from generate_series(1, $ROWS) i" \
    -c "vacuum analyze big"
  echo "postgres: $($PSQL -d $PGDB -Atc "select pg_size_pretty(pg_database_size('$PGDB'))") ($ROWS rows)"
  trial benchdb
  $PSQL -d postgres -c "drop database $PGDB with (force)"
fi

if [[ $WHAT == share || $WHAT == both ]]; then
  rmdir "$DS"
  "$BENCH/make-dataset.sh" "$DS" "$SCALE" 1 >/dev/null
  echo "share: $(du -sh "$DS" | cut -f1), $(find "$DS" -type f | wc -l) files"
  trial benchshare
  chmod -R u+w "$DS" && rm -rf "$DS" && mkdir -p "$DS"
fi
