#!/usr/bin/env bash
# `lifeboat catalog rebuild --from local` on a repository of N backups: wall time and peak RSS of the whole command
# (JVM start-up included), RUNS times, each into an empty catalog; then once with --verify quick.
#
#   LIFEBOAT=/path/to/lifeboat N=1000 RUNS=3 orchestrator/bench/rebuild-bench.sh
#
# LIFEBOAT is the launcher to test (default: the `lifeboat` script of this checkout; it builds the jar when stale),
# N the number of backups in the repository (default 1000), RUNS the timed rebuilds (default 3), WORK a directory to
# work in (default a new temporary one, removed at the end; one you give is kept), OUT a directory for the raw numbers
# (rebuild-bench.tsv; nothing is written when unset). Needs python3 and /usr/bin/time.
# Steps: write a config with one local target and one files source over a small directory -> one real `backup`
# (creates the repository) and its full verification (one proof object) -> N-1 synthetic backups written into the
# repository beside it by hard-linking its objects under new ids and writing their backup.json: one a night at 01:00Z
# before the real one, a full every 7th and incrementals in between (parent = the night before, full = that week's
# full); every VERIFY_EVERY-th (default 3) also gets an ok full verification in proof/ -> remove the catalog ->
# time `catalog rebuild --from local --json` RUNS times (the catalog removed before each) and check it found N backups
# and read the proof back -> time one rebuild with --verify quick (every object's size checked and recorded).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/bench-lib.sh"
N=${N:-1000}
RUNS=${RUNS:-3}
VERIFY_EVERY=${VERIFY_EVERY:-3}
bench_launcher
[ "$N" -ge 1 ] && [ "$RUNS" -ge 1 ] && [ "$VERIFY_EVERY" -ge 1 ] || bench_usage "N, RUNS, VERIFY_EVERY >= 1"
bench_workdir rebuild
bench_cli

mkdir -p "$WORK/share/docs"
for i in $(seq 1 20); do printf 'file %s\n' "$i" > "$WORK/share/docs/f$i.txt"; done
{ bench_config ./var ./repo; bench_files_source share ./share; } > "$CFG"
id=$(bench_full_backup share)
lb verify "$id" --mode full >/dev/null || fail "the real backup did not verify"

python3 - "$WORK/repo" "$id" "$N" "$VERIFY_EVERY" <<'PY'
import datetime, json, os, secrets, sys
repo, real, n, every = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
src = os.path.join(repo, "backups", "share", real)
meta = json.load(open(os.path.join(src, "backup.json")))
day0 = datetime.datetime.strptime(real[:8], "%Y%m%d").replace(tzinfo=datetime.timezone.utc)
def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")
ids, full = [], None
for i in range(n - 1):
    night = day0 - datetime.timedelta(days=n - 1 - i)
    start = night.replace(hour=1)
    bid = start.strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(2)
    level = "full" if i % 7 == 0 else "incremental"
    parent = None if level == "full" else ids[-1]
    full = bid if level == "full" else full
    d = os.path.join(repo, "backups", "share", bid)
    os.makedirs(d)
    for o in meta["objects"]:
        os.link(os.path.join(src, o["name"]), os.path.join(d, o["name"]))
    m = dict(meta, id=bid, level=level, parent=parent, full=full, startedAt=iso(start),
             finishedAt=iso(start + datetime.timedelta(minutes=3)))
    if parent is None:
        m.pop("parent", None)
    with open(os.path.join(d, "backup.json.tmp"), "w") as f:
        json.dump(m, f, indent=2)
    os.rename(os.path.join(d, "backup.json.tmp"), os.path.join(d, "backup.json"))
    if i % every == 0:
        done = start + datetime.timedelta(minutes=10)
        pid = secrets.token_hex(8)
        keys = ["backups/share/%s/%s" % (bid, o["name"]) for o in meta["objects"]]
        proof = {"format": 1, "id": pid, "source": "share", "backup": bid, "storage": "local", "mode": "full",
                 "status": "ok", "startedAt": iso(start + datetime.timedelta(minutes=5)), "finishedAt": iso(done),
                 "objectsChecked": len(keys), "filesChecked": 20, "bytesRead": 1000, "findings": 0,
                 "verifiedKeys": keys, "problems": []}
        p = os.path.join(repo, "proof", "share")
        os.makedirs(p, exist_ok=True)
        with open(os.path.join(p, done.strftime("%Y%m%dT%H%M%S.000Z") + "-verification-" + pid + ".json"), "w") as f:
            json.dump(proof, f)
    ids.append(bid)
PY

tsv=()
run() {
  local label=$1; shift
  rm -rf "$WORK/var"
  local t0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$WORK/rss" "$LIFEBOAT" -c "$CFG" catalog rebuild --from local --json "$@" \
    >"$WORK/out.json" 2>>"$LOG" || fail "catalog rebuild $* failed"
  t1=$(date +%s.%N)
  python3 - "$WORK/out.json" "$N" <<'PY' || fail "the rebuild did not find every backup"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["found"] == int(sys.argv[2]) and len(r["added"]) == int(sys.argv[2]), r["found"]
assert r["verificationsImported"] >= 1
PY
  local secs rss
  secs=$(python3 -c "print(f'{$t1 - $t0:.2f}')")
  rss=$(cat "$WORK/rss")
  echo "rebuild $label: N=$N ${secs}s peak RSS ${rss} KiB"
  tsv+=("$label	$N	$secs	$rss")
}
for r in $(seq 1 "$RUNS"); do run "plain#$r"; done
run "verify-quick" --verify quick
found=$(lb latest-good share --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
[ "$found" = "$id" ] || fail "latest-good after the rebuild is $found, not $id"
if [ -n "${OUT:-}" ]; then
  mkdir -p "$OUT"
  printf 'run\tbackups\tseconds\tpeak_rss_kib\n' > "$OUT/rebuild-bench.tsv"
  printf '%s\n' "${tsv[@]}" >> "$OUT/rebuild-bench.tsv"
fi
