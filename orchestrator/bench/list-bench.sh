#!/usr/bin/env bash
# `lifeboat list` and `lifeboat list --json` on a catalog of N backups: wall time and peak RSS of the whole command
# (JVM start-up included), RUNS times each.
#
#   LIFEBOAT=/path/to/lifeboat N=10000 RUNS=5 orchestrator/bench/list-bench.sh
#
# LIFEBOAT is the launcher to test (default: the `lifeboat` script of this checkout; it builds the jar when stale),
# N the number of backups in the catalog (default 10000), RUNS the timed runs of each command (default 5), WORK a
# directory to work in (default a new temporary one, removed at the end; one you give is kept), OUT a directory
# for the raw numbers (list-bench.tsv; nothing is written when unset). JAVA_OPTS goes to the launcher as usual.
# Needs python3, /usr/bin/time and H2's jar in the local Maven repository (~/.m2, H2_JAR to override).
# Steps: write a config with one local target and one files source over a small directory -> one real `backup`
# (creates the H2 catalog and the repository) -> N-1 synthetic backups added to the H2 catalog with set-based SQL
# (H2's RunScript, while no Lifeboat process has the catalog open): one a night at 01:00Z ending the day before the
# real one, a full every 7th and incrementals in between (parent = the night before, full = that week's full), each
# complete with 4 object rows and 1 complete copy on `local`, and every VERIFY_EVERY-th (default 3) with an ok full
# verification and its objects' last_verified_at set -> check `list --json` shows N -> time `list` and
# `list --json` (both to /dev/null) alternately, after one untimed run of each.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/bench-lib.sh"
N=${N:-10000}
RUNS=${RUNS:-5}
VERIFY_EVERY=${VERIFY_EVERY:-3}
bench_launcher
bench_h2_jar
[ "$N" -ge 1 ] && [ "$RUNS" -ge 1 ] && [ "$VERIFY_EVERY" -ge 1 ] || bench_usage "N, RUNS, VERIFY_EVERY >= 1"
bench_workdir list
bench_cli

mkdir -p "$WORK/share/docs" "$WORK/var"
for i in 1 2 3 4 5; do head -c $((i * 4096)) /dev/urandom > "$WORK/share/docs/file$i.bin"; done
echo "minutes of the staff meeting" > "$WORK/share/notes.txt"
{ bench_config "$WORK/var" "$WORK/repo"; bench_files_source share "$WORK/share"; } > "$CFG"

echo "list-bench: one real backup, then $((N - 1)) synthetic ones ..." >&2
real_id=$(bench_full_backup share)

# Nothing may have the catalog open while it is written behind Lifeboat's back (the backup above has exited; this
# catches a stray process on this very config).
if pgrep -f -- "-c $CFG" >/dev/null; then fail "a Lifeboat process still uses $CFG"; fi

URL="jdbc:h2:file:$WORK/var/catalog;AUTO_SERVER=TRUE;WRITE_DELAY=0"
day0=$(date -u -d "$(date -u +%F) 01:00:00 UTC - $((N - 1)) days" '+%F %T+00')
if [ "$N" -gt 1 ]; then
  cat > "$WORK/synth.sql" <<SQL
-- k = 0 .. N-2, one a night from $day0; ids in Lifeboat's form (UTC start, '-', 4 hex digits)
create table bench_synth (k int primary key, started timestamp with time zone not null, id varchar(64) not null,
    files bigint not null);
insert into bench_synth (k, started, id, files)
  select x - 2, t, formatdatetime(t, 'yyyyMMdd''T''HHmmss''Z''', 'en', 'UTC') || '-'
         || lower(substring(rawtohex(hash('SHA-256', cast(x as varchar))), 1, 4)), 4000 + (x - 2) / 10
  from (select x, dateadd(day, x - 2, timestamp with time zone '$day0') t from system_range(2, $N));

insert into backups (id, source, source_type, kind, level, parent_id, full_id, status, started_at,
    finished_at, files, bytes, stored_bytes, owner, error, details)
  select s.id, 'share', 'files', 'files', case when mod(s.k, 7) = 0 then 'full' else 'incremental' end,
         p.id, f.id, 'complete', s.started, dateadd(second, 60 + mod(s.k * 37, 900), s.started),
         s.files, s.files * 250000,
         case when mod(s.k, 7) = 0 then s.files * 150000 else 20000000 + mod(s.k * 7919, 30000000) end,
         r.owner, null,
         '{"problems":[],"warnings":[],"changedFiles":' || case when mod(s.k, 7) = 0 then s.files
             else 50 + mod(s.k, 40) end || ',"changedBytes":' || case when mod(s.k, 7) = 0
             then s.files * 250000 else 20000000 + mod(s.k * 7919, 30000000) end || ',"deletedFiles":'
             || case when mod(s.k, 7) = 0 then 0 else mod(s.k, 5) end || '}'
  from bench_synth s
  cross join (select owner from backups where id = '$real_id') r
  left join bench_synth p on mod(s.k, 7) <> 0 and p.k = s.k - 1
  join bench_synth f on f.k = s.k - mod(s.k, 7);

insert into backup_objects (backup_id, storage, object_key, size, sha256, last_verified_at)
  select s.id, 'local', 'backups/share/' || s.id || '/' || o.name,
         case o.n when 1 then b.stored_bytes - 20000 when 2 then 15000 + mod(s.k, 4000) when 3 then 300 else 900 end,
         lower(rawtohex(hash('SHA-256', s.id || o.name))), null
  from bench_synth s join backups b on b.id = s.id
  cross join (values (1, 'data.tar.zst'), (2, 'manifest.jsonl.zst'), (3, 'SHA256SUMS'), (4, 'backup.json')) o(n, name);

insert into backup_copies (backup_id, storage, status, committed_at)
  select b.id, 'local', 'complete', b.finished_at from bench_synth s join backups b on b.id = s.id;

insert into verifications (backup_id, storage, mode, status, started_at, finished_at, objects_checked,
    files_checked, bytes_read, findings)
  select b.id, 'local', 'full', 'ok', dateadd(hour, 3, b.finished_at), dateadd(minute, 190, b.finished_at), 4,
         b.files, b.stored_bytes, 0
  from bench_synth s join backups b on b.id = s.id
  where mod(s.k, $VERIFY_EVERY) = 0;

update backup_objects o set last_verified_at = (select max(v.finished_at) from verifications v
    where v.backup_id = o.backup_id and v.storage = o.storage)
  where o.backup_id in (select id from bench_synth where mod(k, $VERIFY_EVERY) = 0);

drop table bench_synth;
SQL
  s=$(date +%s%N)
  java -cp "$H2_JAR" org.h2.tools.RunScript -url "$URL" -user "" -password "" -script "$WORK/synth.sql" \
    >>"$LOG" 2>&1 || fail "the SQL script failed"
  echo "list-bench: $((N - 1)) synthetic backups written in $((($(date +%s%N) - s) / 1000000)) ms" >&2
fi

# Check (and warm up: one untimed run of each)
got=$(lb list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))') || fail "list --json failed"
[ "$got" = "$N" ] || fail "list --json shows $got backups, expected $N"
lb list > "$WORK/list.txt" || fail "list failed"
[ "$(($(wc -l < "$WORK/list.txt") - 1))" = "$N" ] || fail "list shows $(($(wc -l < "$WORK/list.txt") - 1)) lines, expected $N"

TSV="$WORK/list-bench.tsv"
printf 'command\trun\tn\twall_s\tmaxrss_kib\n' > "$TSV"
for r in $(seq 1 "$RUNS"); do
  for cmd in "list" "list --json"; do
    # shellcheck disable=SC2086
    /usr/bin/time -f '%e %M' -o "$WORK/time" "$LIFEBOAT" -c "$CFG" $cmd >/dev/null 2>>"$LOG" || fail "$cmd failed"
    read -r wall rss < <(tail -n 1 "$WORK/time")
    printf '%s\t%d\t%d\t%s\t%s\n' "$cmd" "$r" "$N" "$wall" "$rss" >> "$TSV"
  done
done
if [ -n "${OUT:-}" ]; then
  mkdir -p "$OUT"
  cp "$TSV" "$OUT/list-bench.tsv"
fi

jvm=$(java -version 2>&1 | head -n 1)
python3 - "$TSV" "$N" "$RUNS" "$LIFEBOAT" "$jvm" "${JAVA_OPTS:-}" <<'PY'
import csv, statistics, sys
tsv, n, runs, launcher, jvm, opts = sys.argv[1:]
rows = list(csv.DictReader(open(tsv), delimiter="\t"))
print(f"list-bench: N={n} backups, RUNS={runs}, {launcher}")
print(f"JVM: {jvm}" + (f"  JAVA_OPTS={opts}" if opts else ""))
print(f"{'command':<12} {'median s':>9} {'min s':>7} {'max s':>7} {'max RSS MiB':>12}")
for cmd in ("list", "list --json"):
    walls = [float(r["wall_s"]) for r in rows if r["command"] == cmd]
    rss = max(int(r["maxrss_kib"]) for r in rows if r["command"] == cmd)
    print(f"{cmd:<12} {statistics.median(walls):>9.2f} {min(walls):>7.2f} {max(walls):>7.2f} {rss / 1024:>12.0f}")
PY
