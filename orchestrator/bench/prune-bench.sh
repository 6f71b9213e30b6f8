#!/usr/bin/env bash
# `lifeboat prune --all` on a catalog and repository of N backups: wall time of a dry run and of the real prune
# (JVM start-up included), and how many backups each removed.
#
#   LIFEBOAT=/path/to/lifeboat N=1000 orchestrator/bench/prune-bench.sh
#
# LIFEBOAT is the launcher to test (default: the `lifeboat` script of this checkout), N the number of backups
# (default 1000), WORK a directory to work in (default a new temporary one, removed at the end).
# Needs python3, /usr/bin/time and H2's jar in the local Maven repository (~/.m2, H2_JAR to override).
# Steps: one local target, one files source with retention keepDaily 14, keepWeekly 8, keepMonthly 12,
# keepYearly 3 -> one real full `backup` -> N-1 synthetic nightly full backups before it (01:00Z, one a night):
# catalog rows copied from the real one with set-based SQL (H2's RunScript while no Lifeboat process has the
# catalog open) and its directory copied on storage -> time `prune --all --dry-run --json`, then `prune --all --json`.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/bench-lib.sh"
N=${N:-1000}
bench_launcher
bench_h2_jar
[ "$N" -ge 2 ] || bench_usage "N >= 2"
bench_workdir prune
bench_cli

mkdir -p "$WORK/share/docs" "$WORK/var"
for i in 1 2 3; do head -c $((i * 4096)) /dev/urandom > "$WORK/share/docs/file$i.bin"; done
{ bench_config "$WORK/var" "$WORK/repo" "timeZone: UTC" \
    "retention: {keepDaily: 14, keepWeekly: 8, keepMonthly: 12, keepYearly: 3}"
  bench_files_source share "$WORK/share"; } > "$CFG"

echo "prune-bench: one real backup, then $((N - 1)) synthetic ones ..." >&2
real_id=$(bench_full_backup share)

URL="jdbc:h2:file:$WORK/var/catalog;AUTO_SERVER=TRUE;WRITE_DELAY=0"
cat > "$WORK/synth.sql" <<SQL
create table bench_synth (k int primary key, id varchar(64) not null);
insert into bench_synth (k, id) select x, 'bench-' || lpad(cast($N - x as varchar), 6, '0') from system_range(1, $((N - 1)));
insert into backups (id, source, source_type, kind, level, parent_id, full_id, status, started_at, finished_at,
    files, bytes, stored_bytes, owner, details)
  select s.id, b.source, b.source_type, b.kind, 'full', null, s.id, b.status, dateadd(day, -s.k, b.started_at),
         dateadd(day, -s.k, b.finished_at), b.files, b.bytes, b.stored_bytes, b.owner, b.details
  from bench_synth s cross join backups b where b.id = '$real_id';
insert into backup_objects (backup_id, storage, object_key, size, sha256)
  select s.id, o.storage, replace(o.object_key, '$real_id', s.id), o.size, o.sha256
  from bench_synth s cross join backup_objects o where o.backup_id = '$real_id';
insert into backup_copies (backup_id, storage, status, committed_at)
  select s.id, c.storage, c.status, c.committed_at from bench_synth s cross join backup_copies c
  where c.backup_id = '$real_id';
drop table bench_synth;
SQL
java -cp "$H2_JAR" org.h2.tools.RunScript -url "$URL" -user "" -password "" -script "$WORK/synth.sql" \
  >>"$LOG" 2>&1 || fail "the SQL script failed"
for k in $(seq 1 $((N - 1))); do
  cp -a "$WORK/repo/backups/share/$real_id" "$WORK/repo/backups/share/bench-$(printf '%06d' $((N - k)))"
done

count() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sum(1 for s in d["sources"] for x in s["decisions"] if x["verdict"]==sys.argv[2]))' "$1" "$2"; }
timed() { out=$1; shift; /usr/bin/time -f '%e %U %S' -o "$WORK/time.$out" "$LIFEBOAT" -c "$CFG" "$@" > "$WORK/$out.json" 2>>"$LOG"; }
timed dry prune --all --dry-run --json || fail "prune --dry-run failed"
timed prune prune --all --json || fail "prune failed"
read -r dry_wall dry_user dry_sys < <(tail -n 1 "$WORK/time.dry")
read -r wall user sys < <(tail -n 1 "$WORK/time.prune")
left=$(find "$WORK/repo/backups/share" -mindepth 1 -maxdepth 1 -type d | wc -l)
echo "prune-bench: N=$N backups, retention keepDaily 14, keepWeekly 8, keepMonthly 12, keepYearly 3"
echo "JVM: $(java -version 2>&1 | head -n 1)"
printf 'dry run: %6s s wall, %5s s user CPU  (would remove %d, keep %d)\n' "$dry_wall" "$dry_user" "$(count "$WORK/dry.json" remove)" "$(count "$WORK/dry.json" keep)"
printf 'prune:   %6s s wall, %5s s user CPU  (removed %d, kept %d; %d backup directories left)\n' "$wall" "$user" "$(count "$WORK/prune.json" remove)" "$(count "$WORK/prune.json" keep)" "$left"

