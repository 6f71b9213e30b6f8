#!/usr/bin/env bash
# Catalog commands on a large catalog: `list`, `list SOURCE`, `latest-good SOURCE` (SOURCE: the middle one) and `recover --plan all
# --dry-run` (JVM start included) on an H2 catalog of 100 sources and 50,000 backups (500 each: a full every 7th,
# incrementals between), each with 2 copies of 4 objects (400,000 object rows), a quick verification per copy, a full
# one each week, and a passed trial restore each week.
#
#   orchestrator/bench/catalog-bench.sh             env: WORK=/tmp/lb-catalog-bench SOURCES=100 PER_SOURCE=500 REPS=3
#                                                   REUSE=1: time the catalog an earlier run left in WORK
#
# The rows are copies of one real backup's rows (made by ./lifeboat backup and verify of a one-file source), so
# they have the format Lifeboat writes. Prints the wall, CPU and peak RSS of each command (min over REPS).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
WORK=${WORK:-/tmp/lb-catalog-bench}
SOURCES=${SOURCES:-100}
PER_SOURCE=${PER_SOURCE:-500}
REPS=${REPS:-3}
lb="$top/lifeboat"
jar="$top/orchestrator/cli/target/lifeboat-cli-0.1.0-SNAPSHOT-all.jar"
case "$WORK" in "$top"*|/|"") echo "WORK must lie outside the checkout" >&2; exit 2 ;; esac

"$lb" --version > /dev/null   # builds the jar when it is missing or older than the sources
if [ "${REUSE:-0}" = 1 ] && [ -f "$WORK/var/catalog.mv.db" ]; then
    cd "$WORK"   # the catalog of an earlier run, as it is (another JDK, another build, the same rows)
else
rm -rf "$WORK"
mkdir -p "$WORK/src"
cd "$WORK"
{
    printf 'dataDir: ./var\nstorage:\n  - name: local\n    type: local\n    path: ./repo\n  - name: offsite\n    type: local\n    path: ./repo2\nsources:\n'
    for i in $(seq 0 $((SOURCES - 1))); do
        s=$(printf 's%03d' "$i")
        mkdir -p "src/$s"
        printf '  - name: %s\n    type: files\n    path: ./src/%s\n    storage: [local, offsite]\n' "$s" "$s"
    done
    printf 'recoveryPlans:\n  all:\n    parallelism: 2\n    groups:\n      - priority: 1\n        sources: ['
    for i in $(seq 0 $((SOURCES - 1))); do printf '%ss%03d' "$([ "$i" = 0 ] || echo ', ')" "$i"; done
    printf ']\n'
} > lifeboat.yaml
echo hi > src/s000/a.txt
"$lb" -c lifeboat.yaml backup s000 --level full > template.log 2>&1
"$lb" -c lifeboat.yaml verify s000 --mode full >> template.log 2>&1

# the template backup's rows, copied for every source and day; ids sort by time as Lifeboat's do
cat > generate.sql <<EOF
create table gen as
select s.x as s, d.x as d, 's' || lpad(cast(s.x as varchar), 3, '0') as source,
       dateadd('MINUTE', s.x, dateadd('DAY', d.x - $PER_SOURCE, current_timestamp(0))) as ts
from system_range(0, $((SOURCES - 1))) s, system_range(1, $PER_SOURCE) d;
alter table gen add column id varchar(64);
update gen set id = formatdatetime(ts, 'yyyyMMdd''T''HHmmss''Z''', 'en', 'UTC') || '-' || lpad(cast(s as varchar), 4, '0');
create index gen_sd on gen (s, d);
create table tpl as select * from backups;
insert into backups (id, source, source_type, kind, level, parent_id, full_id, status, started_at, finished_at,
                     files, bytes, stored_bytes, owner, error, details)
select g.id, g.source, t.source_type, t.kind, case when mod(g.d, 7) = 1 then 'full' else 'incremental' end,
       p.id, f.id, t.status, g.ts, dateadd('SECOND', 90, g.ts), 20000, 1000000000, 800000000, t.owner, null, t.details
from gen g cross join tpl t
left join gen p on p.s = g.s and p.d = g.d - 1
left join gen f on f.s = g.s and f.d = g.d - mod(g.d - 1, 7);
update backups set full_id = id, parent_id = null where level = 'full' and id not in (select id from tpl);
insert into backup_copies (backup_id, storage, status, committed_at)
select g.id, c.storage, c.status, dateadd('SECOND', 90, g.ts) from gen g cross join backup_copies c
where c.backup_id = (select id from tpl);
insert into backup_objects (backup_id, storage, object_key, size, sha256, last_verified_at)
select g.id, o.storage, replace(replace(o.object_key, (select id from tpl), g.id), '/s000/', '/' || g.source || '/'),
       o.size, o.sha256, dateadd('SECOND', 120, g.ts)
from gen g cross join backup_objects o where o.backup_id = (select id from tpl);
insert into verifications (backup_id, storage, mode, status, started_at, finished_at, objects_checked, files_checked,
                           bytes_read, findings)
select g.id, v.storage, case when mod(g.d, 7) = 0 then 'full' else 'quick' end, v.status, dateadd('SECOND', 100, g.ts),
       dateadd('SECOND', 120, g.ts), 4, 20000, 800000000, 0
from gen g cross join verifications v where v.backup_id = (select id from tpl);
insert into trial_restores (backup_id, source, status, scratch, owner, started_at, finished_at, duration_ms, bytes,
                            rows_restored, error)
select g.id, g.source, 'passed', '/tmp/scratch', 'bench', dateadd('SECOND', 200, g.ts), dateadd('SECOND', 300, g.ts),
       100000, 1000000000, 0, null
from gen g where mod(g.d, 7) = 0;
drop table gen;
drop table tpl;
EOF
# what the stores keep on each copy's row about its verifications and objects, filled in as migration V14 does
awk '/^update/ {on = 1} on {print} /;$/ {on = 0}' \
    "$top/orchestrator/core/src/main/resources/db/migration/h2/V14__copy_states.sql" >> generate.sql
java -cp "$jar" org.h2.tools.RunScript -url "jdbc:h2:file:$WORK/var/catalog;AUTO_SERVER=TRUE" -user "" -script generate.sql
# Loaded in bulk, the H2 file holds about five times its rows (215 MB for 46 MB), and every command's close then spent
# over a second of CPU compacting a part of it, run after run (H2 compacts for up to 200 ms on close). Compacted once
# here, so that the commands' own work is measured
printf 'shutdown compact;\n' > compact.sql
java -cp "$jar" org.h2.tools.RunScript -url "jdbc:h2:file:$WORK/var/catalog;AUTO_SERVER=TRUE" -user "" -script compact.sql
java -cp "$jar" org.h2.tools.Shell -url "jdbc:h2:file:$WORK/var/catalog;AUTO_SERVER=TRUE" -user "" \
    -sql "select (select count(*) from backups) backups, (select count(distinct source) from backups) sources, (select count(*) from backup_objects) objects, (select count(*) from verifications) verifications, (select count(*) from trial_restores) trials"
fi

tsv=$WORK/results.tsv
printf 'command\trep\twall_s\tcpu_s\tmaxrss_mib\trc\tlines\n' > "$tsv"
mid=$(printf 's%03d' $((SOURCES / 2 - 1)))   # s049 of 100
# every command once untimed (first runs record the launcher's caches), then REPS timed rounds
for rep in warm $(seq 1 "$REPS"); do
    while IFS='|' read -r name args; do
        t0=$(date +%s%N)
        set +e
        # shellcheck disable=SC2086
        /usr/bin/time -v -o "$WORK/time" "$lb" -c lifeboat.yaml $args > "$WORK/out" 2> "$WORK/err" < /dev/null
        rc=$?
        set -e
        t1=$(date +%s%N)
        awk -F': ' -v n="$name" -v r="$rep" -v w="$(( (t1 - t0) / 1000000 ))" -v rc="$rc" -v l="$(wc -l < "$WORK/out")" '
            /User time/ {u = $2} /System time/ {y = $2} /Maximum resident/ {m = $2}
            END {printf "%s\t%s\t%.2f\t%.2f\t%.0f\t%s\t%s\n", n, r, w / 1000, u + y, m / 1024, rc, l}' "$WORK/time" >> "$tsv"
        [ "$rc" = 0 ] || { echo "!! $name rc $rc" >&2; head -5 "$WORK/err" >&2; }
    done <<EOF
list|list
list-source|list $mid
latest-good|latest-good $mid
recover-dry-run|recover --plan all --dry-run
EOF
done
python3 - "$tsv" <<'EOF'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1]), delimiter='\t') if r['rep'] != 'warm']
print('| command | wall s min | CPU s min | peak RSS MiB | output lines |')
print('| --- | ---: | ---: | ---: | ---: |')
for n in dict.fromkeys(r['command'] for r in rows):
    rs = [r for r in rows if r['command'] == n]
    print(f"| {n} | {min(float(r['wall_s']) for r in rs):.2f} | {min(float(r['cpu_s']) for r in rs):.2f} | "
          f"{max(float(r['maxrss_mib']) for r in rs):.0f} | {rs[0]['lines']} |")
EOF
