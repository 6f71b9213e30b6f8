#!/usr/bin/env bash
# A share of very many small files (1,000,000 by default, 1,000 folders of 1,000 files of 0-4 KiB each) backed up,
# fully verified, backed up again unchanged and restored with a 128 MiB heap; prints the wall and CPU seconds and the
# peak RSS of each step, and checks the restored tree against the share (file count and a hash of every path+content).
#
#   orchestrator/bench/many-files-bench.sh     env: FILES=1000000 WORK=/tmp/lb-many-files JAVA_OPTS=-Xmx128m
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
FILES=${FILES:-1000000}
WORK=${WORK:-/tmp/lb-many-files}
export JAVA_OPTS=${JAVA_OPTS:--Xmx128m}
lb="$top/lifeboat"
case "$WORK" in "$top"*|/|"") echo "WORK must lie outside the checkout" >&2; exit 2 ;; esac

"$lb" --version > /dev/null   # builds the jar when it is missing or older than the sources
rm -rf "$WORK"
mkdir -p "$WORK/share"
cd "$WORK"
python3 - "$FILES" <<'PY'
import os, random, sys
n = int(sys.argv[1]); rnd = random.Random(7); per = 1000
for i in range(n):
    d = f"share/d{i // per:04d}"
    if i % per == 0:
        os.makedirs(d, exist_ok=True)
    with open(f"{d}/f{i % per:04d}.txt", "wb") as f:
        f.write(rnd.randbytes(rnd.randint(0, 2048)) * 2)
PY
# the launcher records its AOT cache (JDK 25) or AppCDS archive (JDK 17) on a command's first run after a build:
# done here on a small share, so no timed step pays for it
mkdir -p warm/share && for i in $(seq 1 50); do echo "$i" > "warm/share/$i.txt"; done
printf 'dataDir: ./var\nstorage:\n  - name: local\n    type: local\n    path: ./repo\nsources:\n  - name: share\n    type: files\n    path: ./share\n    storage: [local]\n' > warm/lifeboat.yaml
(cd warm && "$lb" -c lifeboat.yaml backup share --level full && "$lb" -c lifeboat.yaml verify share --mode full \
    && "$lb" -c lifeboat.yaml backup share --level incremental && "$lb" -c lifeboat.yaml restore share --to ./r) \
    > warm.log 2>&1 || { cat warm.log >&2; exit 1; }
printf 'dataDir: ./var\nstorage:\n  - name: local\n    type: local\n    path: ./repo\nsources:\n  - name: share\n    type: files\n    path: ./share\n    storage: [local]\n' > lifeboat.yaml
echo "share: $(find share -type f | wc -l) files, $(du -sm share | cut -f1) MiB on disk"
printf 'step\twall_s\tcpu_s\trss_mib\n' > results.tsv
timed() {
    local name=$1; shift
    sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
    /usr/bin/time -f "%e %U %S %M" -o "$name.time" "$@" > "$name.log" 2>&1 || { tail -20 "$name.log" >&2; exit 1; }
    read -r wall user sys rss < "$name.time"
    printf '%s\t%s\t%.2f\t%d\n' "$name" "$wall" "$(echo "$user + $sys" | bc)" "$((rss / 1024))" | tee -a results.tsv
}
timed backup-full "$lb" -c lifeboat.yaml backup share --level full
timed verify-full "$lb" -c lifeboat.yaml verify share --mode full
timed backup-unchanged "$lb" -c lifeboat.yaml backup share --level incremental
timed restore "$lb" -c lifeboat.yaml restore share --to "$WORK/restored"
sum() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16); }
a=$(sum share); b=$(sum restored)
echo "restored $(find restored -type f | wc -l) files; tree hash share $a, restored $b: $([ "$a" = "$b" ] && echo exact || echo DIFFERENT)"
[ "$a" = "$b" ]
