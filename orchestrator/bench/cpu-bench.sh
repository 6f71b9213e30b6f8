#!/usr/bin/env bash
# CPU time (user+sys), wall time and peak RSS of each Lifeboat step under several JVM set-ups, interleaved rep by
# rep, warm page cache. For profiling on a busy machine, where wall clock is noise and CPU time much less so; the
# side-by-side figures against restic and tar come from run-bench.sh on a quiet machine.
#
#   orchestrator/bench/cpu-bench.sh                 env (defaults):
#     SCALE=0.25 SEED=1 REPS=3                      dataset from ../shared/bench/dsgen.py (0.25: 268 MB, 4,900 files)
#     DS=/tmp/lb-cpu-ds WORK=/tmp/lb-cpu-work       dataset and repositories (deleted first)
#     VARIANTS="17=/usr/lib/jvm/java-17-openjdk-amd64:1 25=/usr/lib/jvm/temurin-25-jdk-amd64:1"
#         name=JAVA_HOME:AOT[:LAUNCHER[:OPTS]]  AOT 1: the launcher's AOT cache/AppCDS, 0: none; LAUNCHER a git
#         revision whose ./lifeboat launcher to use with this checkout's jar (default: this checkout's launcher), or
#         an absolute directory holding a lifeboat launcher and orchestrator/cli/target/*-all.jar (a copy of another
#         build, to compare code); OPTS more JAVA_OPTS, commas for spaces
#         e.g. before=/usr/lib/jvm/java-17-openjdk-amd64:1:main:-Dlifeboat.zstd.workers=2
#     JAVA_OPTS=-Xmx128m  STEPS="full incr verify restore"
#
# Per variant: one untimed training pass (the launcher records its caches on the first run of each command), then
# REPS timed passes of: full backup to a fresh repository, unchanged incremental, verify --mode full, restore to an
# empty directory. Prints a table (minimum and median CPU, wall and peak RSS per step) and keeps $WORK/results.tsv.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
BENCH=${BENCH:-$(cd "$top/../shared/bench" 2>/dev/null && pwd || echo /work/shared/bench)}
SCALE=${SCALE:-0.25}
SEED=${SEED:-1}
REPS=${REPS:-3}
DS=${DS:-/tmp/lb-cpu-ds}
WORK=${WORK:-/tmp/lb-cpu-work}
VARIANTS=${VARIANTS:-"17=/usr/lib/jvm/java-17-openjdk-amd64:1 25=/usr/lib/jvm/temurin-25-jdk-amd64:1"}
STEPS=${STEPS:-"full incr verify restore"}
export JAVA_OPTS=${JAVA_OPTS:--Xmx128m}
base_opts=$JAVA_OPTS
case "$DS$WORK" in *"$top"*) echo "DS and WORK must lie outside the checkout" >&2; exit 2 ;; esac

(cd "$top" && mvn -q -B -DskipTests package)
if [ ! -f "$DS.dsgen.json" ] || ! grep -q "\"scale\": $SCALE," "$DS.dsgen.json"; then
    rm -rf "$DS"
    python3 "$BENCH/dsgen.py" make "$DS" --scale "$SCALE" --seed "$SEED" > "$DS.dsgen.json"
fi
rm -rf "$WORK"
mkdir -p "$WORK"
trap 'rm -f "$top"/.bench-launcher-*' EXIT
tsv=$WORK/results.tsv
printf 'variant\tstep\trep\twall_s\tcpu_s\tuser_s\tsys_s\tmaxrss_mib\trc\n' > "$tsv"

# run VARIANT STEP REP -- command...
run() {
    local v=$1 step=$2 rep=$3 t0 t1 rc; shift 4
    local tf=$WORK/$v.$step.$rep.time
    t0=$(date +%s%N)
    set +e
    /usr/bin/time -v -o "$tf" "$@" > "$WORK/$v.$step.$rep.log" 2>&1 < /dev/null
    rc=$?
    set -e
    t1=$(date +%s%N)
    awk -F': ' -v v="$v" -v s="$step" -v r="$rep" -v w="$(( (t1 - t0) / 1000000 ))" -v rc="$rc" '
        /User time/ {u = $2} /System time/ {y = $2} /Maximum resident/ {m = $2}
        END {printf "%s\t%s\t%s\t%.2f\t%.2f\t%.2f\t%.2f\t%.0f\t%s\n", v, s, r, w / 1000, u + y, u, y, m / 1024, rc}' \
        "$tf" | tee -a "$tsv"
    [ "$rc" = 0 ] || { echo "!! $v $step rep $rep failed (rc $rc): $WORK/$v.$step.$rep.log" >&2; tail -5 "$WORK/$v.$step.$rep.log" >&2; }
}

pass() {
    local spec=$1 rep=$2 name home aot dir
    local rev opts launcher=$top/lifeboat
    name=${spec%%=*}
    IFS=: read -r home aot rev opts <<< "${spec#*=}"
    if [ -n "$rev" ] && [ -d "$rev" ]; then
        launcher=$rev/lifeboat
    elif [ -n "$rev" ]; then
        # the launcher finds the jar beside itself: a copy of the old one at the top of this checkout
        launcher=$top/.bench-launcher-$rev
        git -C "$top" show "$rev:lifeboat" > "$launcher"
        chmod +x "$launcher"
    fi
    dir=$WORK/$name
    rm -rf "$dir/repo" "$dir/var" "$dir/restore"
    mkdir -p "$dir"
    printf 'dataDir: ./var\nstorage:\n  - name: local\n    type: local\n    path: ./repo\nsources:\n  - name: share\n    type: files\n    path: %s\n    storage: [local]\n' \
        "$DS" > "$dir/lifeboat.yaml"
    local lb=("$launcher" -c "$dir/lifeboat.yaml")
    export LIFEBOAT_JAVA_HOME=$home LIFEBOAT_AOT=$aot
    JAVA_OPTS="$base_opts ${opts//,/ }"
    for step in full incr verify restore; do
        case " $STEPS " in *" $step "*) ;; *) [ "$step" = full ] || continue ;; esac
        case $step in
            full) run "$name" full "$rep" -- "${lb[@]}" backup share --level full ;;
            incr) run "$name" incr "$rep" -- "${lb[@]}" backup share --level incremental ;;
            verify) run "$name" verify "$rep" -- "${lb[@]}" verify share --mode full ;;
            restore) run "$name" restore "$rep" -- "${lb[@]}" restore share --to "$dir/restore" ;;
        esac
    done
}

for spec in $VARIANTS; do pass "$spec" train; done
for rep in $(seq 1 "$REPS"); do
    for spec in $VARIANTS; do pass "$spec" "$rep"; done
done
if [ -d "$WORK/${VARIANTS%%=*}/restore" ]; then
    python3 "$BENCH/dsgen.py" compare "$DS" "$WORK/${VARIANTS%%=*}/restore" > "$WORK/compare.json" || true
    echo "restore of the last pass vs source: $(cat "$WORK/compare.json")"
fi
python3 - "$tsv" <<'EOF'
import csv, statistics, sys
rows = [r for r in csv.DictReader(open(sys.argv[1]), delimiter='\t') if r['rep'] != 'train']
keys = []
for r in rows:
    if (r['variant'], r['step']) not in keys:
        keys.append((r['variant'], r['step']))
print('| variant | step | CPU s min / median | wall s min / median | peak RSS MiB max | reps |')
print('| --- | --- | ---: | ---: | ---: | ---: |')
for v, s in sorted(keys, key=lambda k: (k[1], k[0])):
    rs = [r for r in rows if r['variant'] == v and r['step'] == s]
    cpu = [float(r['cpu_s']) for r in rs]; wall = [float(r['wall_s']) for r in rs]
    rss = max(float(r['maxrss_mib']) for r in rs)
    print(f'| {v} | {s} | {min(cpu):.2f} / {statistics.median(cpu):.2f} | {min(wall):.2f} / {statistics.median(wall):.2f} | {rss:.0f} | {len(rs)} |')
EOF
