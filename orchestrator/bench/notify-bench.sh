#!/usr/bin/env bash
# Notification delivery: what a dead, silent or live mail server costs a backup run, and how fast the daemon drains
# a backlog from the outbox.
#
#   orchestrator/bench/notify-bench.sh            # N=200 sources by default
#
# Needs the CLI jar (mvn -B -o -q package -DskipTests from the repository root) and python3 (its smtpd module is
# the mail sink: Python 3.11 still ships it). Makes N files sources whose directories are missing, so
# `backup --all` fails N times and raises N backup-failed alerts (one per source: no throttling between them).
#  1. mail server down (connection refused): wall time of `backup --all`
#  2. silent mail server (accepts, never greets; channel timeout 2s), with a catalog of its own: wall time of
#     `backup --all` (the command waits at most 10 s at exit for messages under way; the rest stays in the outbox)
#  3. the daemon of 1's catalog starts with a live mail server: time until all N messages are sent, and its
#     peak RSS
# Everything is made under one temporary directory, removed at the end.
set -euo pipefail
N=${N:-200}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR=$(ls "$ROOT"/orchestrator/cli/target/lifeboat-cli-*-all.jar)
WORK=$(mktemp -d /tmp/lifeboat-notify-bench.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PORT=$(free_port)
mkdir -p "$WORK/schedules"
config() {
  echo "dataDir: ./$1"
  echo "storage: [{name: local, type: local, path: ./repo}]"
  echo "sources:"
  for i in $(seq 1 "$N"); do echo "  - {name: src$i, type: files, path: ./missing$i, storage: [local]}"; done
  cat <<YAML
notifications:
  channels:
    - {name: it-email, type: email, host: 127.0.0.1, port: $PORT, security: none, timeout: 2s,
       from: lifeboat@school.example, to: [it@school.example]}
  rules:
    - {events: [backup-failed], channels: [it-email]}
YAML
}
config var > "$WORK/lifeboat.yaml"
config var-silent > "$WORK/silent.yaml"
lb() { java -jar "$JAR" --config "$WORK/lifeboat.yaml" "$@"; }
now() { date +%s.%N; }
count() { lb notifications --json 2>/dev/null | python3 -c 'import json,sys; d=json.load(sys.stdin)["notifications"]; print(sum(1 for n in d if n["state"]==sys.argv[1]))' "$1"; }

t0=$(now); lb backup --all >/dev/null 2>&1 || true; t1=$(now)
echo "1. mail server down: backup --all of $N failing sources: $(echo "$t1 - $t0" | bc) s; pending: $(count pending)"

python3 -c '
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(500); held = []
while True: held.append(s.accept()[0])
' "$PORT" & PIDS+=($!)
sleep 0.5
t0=$(now); java -jar "$JAR" --config "$WORK/silent.yaml" backup --all >/dev/null 2>&1 || true; t1=$(now)
echo "2. silent mail server (own catalog): backup --all: $(echo "$t1 - $t0" | bc) s"
kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true

python3 -W ignore -m smtpd -n -c DebuggingServer "127.0.0.1:$PORT" > "$WORK/smtpd.log" 2>&1 & PIDS+=($!)
sleep 0.5
t0=$(now)
java -jar "$JAR" --config "$WORK/lifeboat.yaml" daemon 2>"$WORK/daemon.log" & DPID=$!; PIDS+=($DPID)
while [ "$(count sent)" -lt "$N" ]; do sleep 0.5; done
t1=$(now)
echo "3. daemon start to $N mails sent: $(echo "$t1 - $t0" | bc) s; daemon peak RSS $(grep VmHWM /proc/$DPID/status | awk '{print $2/1024 " MiB"}')"
echo "   mails the server received: $(grep -c 'MESSAGE FOLLOWS' "$WORK/smtpd.log")"
# the daemon's own view, without the polling JVMs above: first attempt to last message sent, from its log
python3 - "$WORK/daemon.log" "$N" <<'PY'
import re, sys
from datetime import datetime
t = [datetime.strptime(l[:12], "%H:%M:%S.%f") for l in open(sys.argv[1]) if re.search(r"notification \d+ .* sent to", l)]
d = (t[-1] - t[0]).total_seconds()
print(f"   daemon log: {len(t)} sent in {d:.2f} s from the first to the last ({len(t) / max(d, 0.001):.0f} per second)")
PY
kill -TERM "$DPID"; wait "$DPID" 2>/dev/null || true
