#!/usr/bin/env bash
# The audit log's figures: the cost of one audit-log write, `lifeboat audit verify` on a catalog of N entries, and
# `lifeboat report backups` for a year of S sources.
#
#   N=1000000 WRITES=2000 SOURCES=20 DAYS=365 RUNS=3 orchestrator/bench/audit-bench.sh
#
# LIFEBOAT is the launcher to test (default: the `lifeboat` script of this checkout; it builds the jar when stale),
# JAR the shaded CLI jar AuditBench.java runs against (default: the one the launcher builds), N the entries of the
# verify catalog (default 1000000), WRITES the appends timed (default 2000), SOURCES and DAYS the report's history
# (default 20 and 365), RUNS the timed runs of each command (default 3), PG_URL a PostgreSQL server to time writes on
# as well (e.g. jdbc:postgresql://127.0.0.1:5432/; a database i17_audit_bench_<pid> is made there and dropped),
# WORK a directory to work in (default a new temporary one, removed at the end).
# Steps: three installations in WORK (H2 catalogs) -> (1) WRITES appends through AuditLog, one transaction each,
# on H2 (and PostgreSQL) -> (2) N chained entries generated straight into the catalog (AuditBench generate: the
# same canonical JSON and SHA-256 as AuditLog writes) -> `audit verify` timed RUNS times (whole command, JVM start
# included; it must say intact) and ChainCheck alone in one JVM -> (3) SOURCES x DAYS of backups, copies,
# verifications and trial restores written straight into the catalog -> `report backups` for the year as csv and as
# pdf, timed RUNS times each. Prints one TSV line per figure.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/bench-lib.sh"
JAR=${JAR:-$bench_root/orchestrator/cli/target/lifeboat-cli-0.1.0-SNAPSHOT-all.jar}
N=${N:-1000000}
WRITES=${WRITES:-2000}
SOURCES=${SOURCES:-20}
DAYS=${DAYS:-365}
RUNS=${RUNS:-3}
bench_launcher
"$LIFEBOAT" --version >/dev/null # builds the jar when stale
[ -f "$JAR" ] || bench_usage "no jar at $JAR (set JAR)"
if [ -n "${WORK:-}" ]; then
  mkdir -p "$WORK"; WORK=$(cd "$WORK" && pwd)
else
  WORK=$(mktemp -d /tmp/lifeboat-audit-bench.XXXXXX)
  trap 'rm -rf "$WORK"' EXIT
fi
bench() { java -cp "$JAR" "$here/AuditBench.java" "$@" 2>>"$WORK/bench.log"; }
install() { # dir, number of sources
  mkdir -p "$1/share"
  { bench_config ./var ./repo "notifications:" "  digest:" "    timezone: UTC"
    for i in $(seq 1 "$2"); do
      bench_files_source "src$i" ./share; echo "    rpo: 26h"
    done; } > "$1/lifeboat.yaml"
  echo "jdbc:h2:file:$1/var/catalog"
}
timed() { # label, command...: wall seconds of each of RUNS runs
  local label=$1; shift
  for r in $(seq 1 "$RUNS"); do
    local t0 t1; t0=$(date +%s.%N)
    "$@" >/dev/null 2>>"$WORK/bench.log" || { echo "audit-bench: $label failed" >&2; tail -20 "$WORK/bench.log" >&2; exit 1; }
    t1=$(date +%s.%N)
    printf '%s\trun %d\t%.2f s\n' "$label" "$r" "$(echo "$t1 - $t0" | bc)"
  done
}

# (1) write cost
url=$(install "$WORK/write" 1)
bench write "$WRITES" "$url" | sed 's/^write\t\([0-9]*\)\t\(.*\)$/audit write (H2 file)\t\1 events\t\2 us per event/'
if [ -n "${PG_URL:-}" ]; then
  db="i17_audit_bench_$$"
  psql -q -h 127.0.0.1 -U postgres -c "create database $db" >/dev/null
  bench write "$WRITES" "${PG_URL}$db?user=postgres" \
    | sed 's/^write\t\([0-9]*\)\t\(.*\)$/audit write (PostgreSQL)\t\1 events\t\2 us per event/'
  psql -q -h 127.0.0.1 -U postgres -c "drop database $db" >/dev/null
fi

# (2) audit verify on N entries
url=$(install "$WORK/verify" 1)
t0=$(date +%s.%N); bench generate "$N" "$url" >/dev/null; t1=$(date +%s.%N)
printf 'generate\t%d entries\t%.1f s\n' "$N" "$(echo "$t1 - $t0" | bc)"
bench check "$url" | sed 's/^check\t\([0-9]*\)\t\([0-9]*\)\t\(.*\)$/ChainCheck in one JVM\t\1 entries\t\2 ms\t\3/'
"$LIFEBOAT" -c "$WORK/verify/lifeboat.yaml" audit verify > "$WORK/verify.out" 2>>"$WORK/bench.log" \
  || { echo "audit-bench: audit verify did not find the chain intact" >&2; cat "$WORK/verify.out" >&2; exit 1; }
timed "lifeboat audit verify ($N entries)" "$LIFEBOAT" -c "$WORK/verify/lifeboat.yaml" audit verify

# (3) a year's report for SOURCES sources
url=$(install "$WORK/report" "$SOURCES")
bench history "$SOURCES" "$DAYS" "$url" >/dev/null
from=2025-01-01; to=$(date -u -d "$from + $((DAYS - 1)) days" +%F)
timed "report backups csv ($SOURCES sources x $DAYS days)" "$LIFEBOAT" -c "$WORK/report/lifeboat.yaml" report backups \
  --from "$from" --to "$to" --format csv --out "$WORK/report.csv"
timed "report backups pdf ($SOURCES sources x $DAYS days)" "$LIFEBOAT" -c "$WORK/report/lifeboat.yaml" report backups \
  --from "$from" --to "$to" --format pdf --out "$WORK/report.pdf"
printf 'report rows\t%d\n' "$(grep -vc '^#' "$WORK/report.csv")"
