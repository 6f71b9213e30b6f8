# shellcheck shell=bash
# Sourced by the bench scripts beside it (`. "$here/bench-lib.sh"`), after their `set -euo pipefail`: the launcher
# and the CLI jar, the working directory and what is cleaned up at exit, the configuration they write, and how
# they stop. Messages name the script that sourced this (BENCH_NAME, from $0).
BENCH_NAME=${BENCH_NAME:-$(basename "$0" .sh)}
bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LIFEBOAT=${LIFEBOAT:-$bench_root/lifeboat}

# A mistake in how the bench was called: says so and exits 2.
bench_usage() { echo "$BENCH_NAME: $*" >&2; exit 2; }

# LIFEBOAT, the launcher to test (default: this checkout's), must be there.
bench_launcher() {
  [ -x "$LIFEBOAT" ] || bench_usage "no launcher at $LIFEBOAT (set LIFEBOAT)"
}

# JAR: this checkout's CLI jar, which this checkout's launcher builds first when it is missing or older than the
# sources. With LIFEBOAT_AOT=0 that run records no AOT cache or CDS archive: the first real command of each kind does.
bench_jar() {
  LIFEBOAT_AOT=0 "$bench_root/lifeboat" --version >/dev/null
  JAR=$(ls "$bench_root"/orchestrator/cli/target/lifeboat-cli-*-all.jar)
}

# H2_JAR: H2's jar in the local Maven repository (the bench writes catalog rows with its RunScript).
bench_h2_jar() {
  H2_JAR=${H2_JAR:-$HOME/.m2/repository/com/h2database/h2/2.3.232/h2-2.3.232.jar}
  [ -f "$H2_JAR" ] || bench_usage "no H2 jar at $H2_JAR (set H2_JAR)"
}

# BENCH: the shared bench scripts and dataset generator (default: shared/bench beside the checkout).
bench_shared() {
  BENCH=${BENCH:-$(cd "$bench_root/../shared/bench" 2>/dev/null && pwd || echo /work/shared/bench)}
}

# Runs CMD (a string, evaluated) at exit, after the ones given before it; also on failure.
bench_exit_cmds=()
bench_on_exit() {
  bench_exit_cmds+=("$1")
  trap bench_run_exit_cmds EXIT
}
bench_run_exit_cmds() {
  local c
  for c in "${bench_exit_cmds[@]}"; do eval "$c" || true; done
}

# WORK: a new temporary directory /tmp/lifeboat-PREFIX-bench.XXXXXX, removed at exit (made writable first: a
# dataset may hold read-only files).
bench_tmpdir() {
  WORK=$(mktemp -d "/tmp/lifeboat-$1-bench.XXXXXX")
  bench_on_exit 'chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"'
}

# WORK as the caller gave it (made when missing, must be empty, kept at the end), else as bench_tmpdir PREFIX.
bench_workdir() {
  if [ -n "${WORK:-}" ]; then
    mkdir -p "$WORK"
    WORK=$(cd "$WORK" && pwd)
    [ -z "$(ls -A "$WORK")" ] || bench_usage "WORK=$WORK is not empty"
  else
    bench_tmpdir "$1"
  fi
}

# CFG and LOG in WORK; lb runs the launcher on CFG (its stderr to LOG); fail stops with LOG's tail. A script that
# runs the jar itself defines its own lb after sourcing this.
bench_cli() {
  CFG="$WORK/lifeboat.yaml"
  LOG="$WORK/lifeboat.log"
}
lb() { "$LIFEBOAT" -c "$CFG" "$@" 2>>"$LOG"; }
fail() { echo "$BENCH_NAME: $*" >&2; tail -n 30 "$LOG" >&2 2>/dev/null || true; exit 1; }

# One real full backup of SOURCE through lb; prints its id (its --json output stays in WORK/backup.json).
bench_full_backup() {
  lb backup "$1" --level full --json > "$WORK/backup.json" || fail "the backup of $1 failed"
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$WORK/backup.json"
}

now() { date +%s.%N; }

# The start of a configuration: dataDir DATADIR, the LINEs given (more top-level settings), the one target `local`
# at REPO, and `sources:`, for the sources below (each stored on local).
bench_config() {
  local data=$1 repo=$2
  shift 2
  echo "dataDir: $data"
  [ $# -eq 0 ] || printf '%s\n' "$@"
  cat <<YAML
storage:
  - name: local
    type: local
    path: $repo
sources:
YAML
}

# A files source NAME over PATH.
bench_files_source() {
  cat <<YAML
  - name: $1
    type: files
    path: $2
    storage: [local]
YAML
}

# A database source NAME: TYPE (postgres or mariadb) DATABASE on the loopback server of the tests.
bench_db_source() {
  local port=5432 user=postgres
  [ "$2" = postgres ] || { port=3306; user=root; }
  cat <<YAML
  - name: $1
    type: $2
    host: 127.0.0.1
    port: $port
    database: $3
    user: $user
    storage: [local]
YAML
}
