#!/usr/bin/env bash
# Lifeboat side by side with restic, borg and tar | zstd on the bench school share (../shared/bench), in one run.
#
#   orchestrator/bench/run-bench.sh [TOOLS]        default TOOLS="tar restic borg-zstd3 custom"
#
# Needs restic and borg (apt-get install -y restic borgbackup) and the shared bench scripts beside the project
# (BENCH=../shared/bench by default). Lifeboat runs with JAVA_OPTS=-Xmx128m (override with LIFEBOAT_JAVA_OPTS).
# Before the timed run the launcher's caches are recorded on a small share (see below).
# Steps for Lifeboat: init (write a config) -> backup full -> backup incremental (unchanged) -> mutate ->
# backup incremental -> verify --mode full (re-read and re-hash every object and every file) -> restore.
# Results: $OUT/summary.md and results.tsv (see ../shared/bench/ANCHORS.md for the method).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
BENCH=${BENCH:-$(cd "$top/../shared/bench" 2>/dev/null && pwd || echo /work/shared/bench)}
export TOOLS=${1:-${TOOLS:-"tar restic borg-zstd3 custom"}}
export OUT=${OUT:-/tmp/bench-results/lifeboat-$(date +%F-%H%M)}
export REPS=${REPS:-1}

(cd "$top" && mvn -q -B -DskipTests package)
export LIFEBOAT="$top/lifeboat"
export JAVA_OPTS=${LIFEBOAT_JAVA_OPTS:--Xmx128m}

# The launcher records its AOT cache (JDK 25) or AppCDS archive (JDK 17) on the first run of each command after a
# build (README "Performance"): done here, on a small share of the same kind, so that no timed step pays for it
warm=$(mktemp -d /tmp/lifeboat-bench-warm.XXXXXX)
python3 "$BENCH/dsgen.py" make "$warm/ds" --scale 0.1 --seed 2 > /dev/null
printf 'dataDir: ./var\nstorage:\n  - name: local\n    type: local\n    path: ./repo\nsources:\n  - name: share\n    type: files\n    path: %s\n    storage: [local]\n' \
    "$warm/ds" > "$warm/lifeboat.yaml"
if ! ( set -e; lb() { "$LIFEBOAT" -c "$warm/lifeboat.yaml" "$@"; }
        lb check-config; lb backup share --level full; lb backup share --level incremental
        lb verify share --mode full; lb restore share --to "$warm/restore" ) > "$warm/log" 2>&1; then
    cat "$warm/log" >&2
    echo "run-bench: the warm-up run failed (output above)" >&2
    exit 1
fi
rm -rf "$warm"
export CUSTOM_NAME=lifeboat
export CUSTOM_ENV='export JAVA_OPTS LIFEBOAT'
export CUSTOM_INIT='mkdir -p "$REPO" && printf "dataDir: ./var\nstorage:\n  - name: local\n    type: local\n    path: ./repo\nsources:\n  - name: share\n    type: files\n    path: %s\n    storage: [local]\n" "$DS" > "$REPO/lifeboat.yaml" && "$LIFEBOAT" -c "$REPO/lifeboat.yaml" check-config'
export CUSTOM_BACKUP='if [ "$SNAP" = 1 ]; then level=full; else level=incremental; fi; "$LIFEBOAT" -c "$REPO/lifeboat.yaml" backup share --level $level'
export CUSTOM_CHECK='"$LIFEBOAT" -c "$REPO/lifeboat.yaml" verify share --mode full'
export CUSTOM_RESTORE='rmdir "$TARGET" 2>/dev/null || true; "$LIFEBOAT" -c "$REPO/lifeboat.yaml" restore share --to "$TARGET"'
export CUSTOM_RESTORED_SUBDIR=''
"$BENCH/run-anchors.sh"
cat "$OUT/summary.md"
