#!/usr/bin/env bash
# End-to-end crash recovery time of a three-source plan: a ~1 GB PostgreSQL database at priority 1, a ~1 GB
# MariaDB database and the ~1 GiB bench school share at priority 2 (parallelism 2).
#
#   orchestrator/bench/recover-bench.sh
#
# Builds the CLI jar when it is missing or stale (through the launcher); needs PostgreSQL at 127.0.0.1:5432 (trust,
# postgres), MariaDB at 127.0.0.1:3306 (root, no password) and ../shared/bench/make-dataset.sh. Backs up and
# verifies all three, destroys them (drops both databases, deletes the share), then times `recover --plan school
# --yes --json`. Everything it made is dropped or deleted at the end, also on failure. SIZE_MB (default 1024) sets
# each database's size.
set -euo pipefail
SIZE_MB=${SIZE_MB:-1024}
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/bench-lib.sh"
bench_shared
bench_jar
bench_tmpdir recover
DS="$WORK/share" # the dataset's summary, $DS.dsgen.json, goes with WORK
DB=lb_recoverbench_$$
PSQL="psql -X -q -h 127.0.0.1 -U postgres"
MY="mariadb -h 127.0.0.1 -P 3306 -u root"
bench_on_exit '$PSQL -d postgres -c "drop database if exists $DB with (force)" >/dev/null 2>&1'
bench_on_exit '$MY -e "drop database if exists $DB" >/dev/null 2>&1'
lb() { java -Xmx128m -jar "$JAR" --config "$WORK/lifeboat.yaml" "$@"; }
secs() { echo "$2 - $1" | bc | xargs printf '%.1f'; }

{ bench_config ./var ./repo
  bench_db_source sis-db postgres "$DB"
  bench_db_source library-db mariadb "$DB"
  bench_files_source staff-share "$DS"
  cat <<YAML
recoveryPlans:
  school:
    parallelism: 2
    groups:
      - priority: 1
        sources: [sis-db]
      - priority: 2
        sources: [library-db, staff-share]
YAML
} > "$WORK/lifeboat.yaml"

ROWS=$((SIZE_MB * 1024 * 1024 / 800))
PG_BODY="concat_ws(' '$(for k in $(seq 0 19); do printf ", md5((i * 20 + %d)::text)" $k; done), 'Schüler')"
MY_BODY="concat_ws(' '$(for k in $(seq 0 19); do printf ", md5(seq * 20 + %d)" $k; done), 'Schüler')"
s=$(now)
$PSQL -d postgres -c "create database $DB"
$PSQL -d $DB -c "create table big (id bigint primary key, n int, body text, bin bytea)" \
  -c "insert into big select i, i % 1000, $PG_BODY, decode(md5((i*7)::text), 'hex') from generate_series(1, $ROWS) i" \
  -c "vacuum analyze big"
$MY -e "create database $DB character set utf8mb4"
$MY "$DB" -e "create table big (id bigint primary key, n int, body text, bin varbinary(16));
  insert into big select seq, seq % 1000, $MY_BODY, unhex(md5(seq * 7)) from seq_1_to_$ROWS; analyze table big" >/dev/null
"$BENCH/make-dataset.sh" "$DS" 1 1 --quiet >/dev/null
echo "data made in $(secs "$s" "$(now)") s: postgres $($PSQL -d $DB -Atc "select pg_size_pretty(pg_database_size('$DB'))"),"\
" mariadb $ROWS rows, share $(du -sh "$DS" | cut -f1)"
PG_SUM=$($PSQL -d $DB -Atc "select count(*), md5(string_agg(md5(body), '' order by id)) from big")
MY_SUM=$($MY -N -e "select count(*), md5(group_concat(md5(body) order by id separator '')) from $DB.big" 2>/dev/null || true)
DS_SUM=$(python3 "$BENCH/dsgen.py" manifest "$DS" | sha256sum)

s=$(now); lb backup --all --verify > "$WORK/backup.txt" 2>&1; echo "backup --all --verify: $(secs "$s" "$(now)") s"
grep -E "^(complete|failed|partial|ok|FAILED)" "$WORK/backup.txt" | sed 's/^/  /'

$PSQL -d postgres -c "drop database $DB with (force)"
$MY -e "drop database $DB"
chmod -R u+w "$DS"; rm -rf "$DS"
echo "destroyed: both databases dropped, share deleted"

s=$(now); lb recover --plan school --yes --json > "$WORK/recover.json" 2> "$WORK/recover.log" || true; e=$(now)
echo "recover --plan school: $(secs "$s" "$e") s end to end (JVM start included)"
python3 - "$WORK/recover.json" <<'PY'
import json, sys
from datetime import datetime
r = json.load(open(sys.argv[1]))
print(f"  run {r['runId']}: {r['status']}")
def t(x): return datetime.fromisoformat(x.replace('Z', '+00:00'))
for s in r['steps']:
    d = (t(s['finishedAt']) - t(s['startedAt'])).total_seconds() if s.get('finishedAt') else float('nan')
    print(f"  priority {s['priority']} {s['source']:12} {s['status']:8} {d:6.1f} s  ({s['startedAt']} .. {s.get('finishedAt')})")
PY
[ "$($PSQL -d $DB -Atc "select count(*), md5(string_agg(md5(body), '' order by id)) from big")" = "$PG_SUM" ] \
  && echo "  postgres rows and content equal" || echo "  postgres DIFFERS"
[ "$($MY -N -e "select count(*), md5(group_concat(md5(body) order by id separator '')) from $DB.big" 2>/dev/null || true)" = "$MY_SUM" ] \
  && echo "  mariadb rows and content equal" || echo "  mariadb DIFFERS"
[ "$(python3 "$BENCH/dsgen.py" manifest "$DS" | sha256sum)" = "$DS_SUM" ] \
  && echo "  share equal (paths, modes, sizes, ns mtimes, SHA-256, links)" || echo "  share DIFFERS"
