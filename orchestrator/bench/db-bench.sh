#!/usr/bin/env bash
# A whole `lifeboat backup` and `lifeboat restore --to-db` of one database against the database tools piped through
# zstd on the same data in the same run: PostgreSQL (pg_dump -Fc -Z0 | zstd -3, zstd -dc | pg_restore) and MariaDB
# (mariadb-dump | zstd -3, zstd -dc | mariadb). Lifeboat's backup includes its SHA-256, storage commit and catalog.
#
#   orchestrator/bench/db-bench.sh        env: DBS="postgres mariadb" SIZE_MB=1024 REPS=2 WORK=/tmp/lb-db-bench
#                                              JAVA_OPTS=-Xmx128m
#
# Needs the loopback servers the tests use (PostgreSQL 127.0.0.1:5432 user postgres, MariaDB 127.0.0.1:3306 root).
# Creates the database lbbench (rows of numbers, md5 text and timestamps until it holds SIZE_MB on disk) and drops
# it and every restored copy at the end. Prints wall seconds, CPU seconds and peak RSS (min wall over REPS).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
DBS=${DBS:-"postgres mariadb"}
SIZE_MB=${SIZE_MB:-1024}
REPS=${REPS:-2}
WORK=${WORK:-/tmp/lb-db-bench}
export JAVA_OPTS=${JAVA_OPTS:--Xmx128m}
lb="$top/lifeboat"
case "$WORK" in "$top"*|/|"") echo "WORK must lie outside the checkout" >&2; exit 2 ;; esac
pg() { psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
my() { mariadb -h 127.0.0.1 -P 3306 -u root --protocol=TCP "$@"; }

"$lb" --version > /dev/null   # builds the jar when it is missing or older than the sources
rm -rf "$WORK"
mkdir -p "$WORK"
cd "$WORK"
rows=$((SIZE_MB * 1024 * 1024 / 260))   # about 260 bytes a row on disk in either server

make_postgres() {   # make_postgres DB ROWS
    local name=$1 rows=$2
    pg -d postgres -c "drop database if exists $name" -c "create database $name"
    pg -d "$name" -c "create table marks (id bigint primary key, student text, course text, score numeric(5,2),
        note text, recorded timestamptz)" \
        -c "insert into marks select g, md5(g::text), 'course-' || (g % 97), (g % 10000) / 100.0,
            md5((g * 7)::text) || md5((g * 13)::text) || md5((g * 31)::text), now() - (g % 100000) * interval '1 minute'
            from generate_series(1, $rows) g" -c 'vacuum analyze marks'
    echo "postgres $name: $(pg -d "$name" -c "select pg_size_pretty(pg_database_size('$name'))")"
}
make_mariadb() {
    local name=$1 rows=$2
    my -e "drop database if exists $name; create database $name; use $name;
        create table marks (id bigint primary key, student varchar(32), course varchar(16), score decimal(5,2),
          note varchar(128), recorded datetime) engine=InnoDB;
        insert into marks select seq, md5(seq), concat('course-', seq % 97), (seq % 10000) / 100.0,
          concat(md5(seq * 7), md5(seq * 13), md5(seq * 31)), now() - interval (seq % 100000) minute
          from seq_1_to_$rows; analyze table marks;" > /dev/null
    echo "mariadb $name: $(my -N -e "select concat(round(sum(data_length + index_length) / 1048576), ' MB')
        from information_schema.tables where table_schema = '$name'")"
}
config() {   # config DB
    printf 'dataDir: ./var\nstorage:\n  - name: local\n    type: local\n    path: ./repo\nsources:\n'
    printf '  - name: pg\n    type: postgres\n    host: 127.0.0.1\n    port: 5432\n    user: postgres\n    database: %s\n    storage: [local]\n' "$1"
    printf '  - name: my\n    type: mariadb\n    host: 127.0.0.1\n    port: 3306\n    user: root\n    database: %s\n    storage: [local]\n' "$1"
}
# timed NAME CMD...: one line "NAME wall cpu rss" from /usr/bin/time, the command's output to NAME.log
timed() {
    local name=$1; shift
    sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
    /usr/bin/time -f "%e %U %S %M" -o "$name.time" "$@" > "$name.log" 2>&1 || { cat "$name.log" >&2; exit 1; }
    read -r wall user sys rss < "$name.time"
    printf '%s\t%s\t%.2f\t%d\n' "$name" "$wall" "$(echo "$user + $sys" | bc)" "$((rss / 1024))" | tee -a results.tsv
}
# the launcher records its AOT cache (JDK 25) or AppCDS archive (JDK 17) on a command's first run after a build:
# done here on a small database, so no timed step pays for it
mkdir warm
config lbwarm > warm/lifeboat.yaml
for db in $DBS; do
    "make_$db" lbwarm 1000 > /dev/null
    src=$([ "$db" = postgres ] && echo pg || echo my)
    (cd warm && "$lb" -c lifeboat.yaml backup "$src" --level full \
        && "$lb" -c lifeboat.yaml restore "$("$lb" -c lifeboat.yaml list "$src" --json | jq -r '.[0].id')" \
            --to-db lbwarm2) > warm/log 2>&1 || { cat warm/log >&2; exit 1; }
    if [ "$db" = postgres ]; then pg -d postgres -c 'drop database lbwarm' -c 'drop database lbwarm2'
    else my -e 'drop database lbwarm; drop database lbwarm2'; fi
done
config lbbench > lifeboat.yaml
printf 'step\twall_s\tcpu_s\trss_mib\n' > results.tsv
for db in $DBS; do
    "make_$db" lbbench "$rows"
    src=$([ "$db" = postgres ] && echo pg || echo my)
    for rep in $(seq 1 "$REPS"); do
        if [ "$db" = postgres ]; then
            timed "pg-dump-zstd.$rep" bash -c 'pg_dump -h 127.0.0.1 -U postgres -Fc -Z0 lbbench | zstd -3 -q -f -o dump.zst'
            pg -d postgres -c 'drop database if exists lbr1' -c 'create database lbr1'
            timed "pg-zstd-restore.$rep" bash -c 'zstd -dc dump.zst | pg_restore -h 127.0.0.1 -U postgres --no-owner --single-transaction -d lbr1'
        else
            timed "mariadb-dump-zstd.$rep" bash -c 'mariadb-dump -h 127.0.0.1 -P 3306 -u root --protocol=TCP --single-transaction --quick --hex-blob lbbench | zstd -3 -q -f -o dump.zst'
            my -e 'drop database if exists lbr1; create database lbr1'
            timed "mariadb-zstd-restore.$rep" bash -c 'zstd -dc dump.zst | mariadb -h 127.0.0.1 -P 3306 -u root --protocol=TCP lbr1'
        fi
        echo "dump.zst: $(du -m dump.zst | cut -f1) MiB"
        timed "lifeboat-$db-backup.$rep" "$lb" -c lifeboat.yaml backup "$src" --level full
        id=$("$lb" -c lifeboat.yaml list "$src" --json | jq -r '.[0].id')
        if [ "$db" = postgres ]; then pg -d postgres -c 'drop database if exists lbr2'; else my -e 'drop database if exists lbr2'; fi
        timed "lifeboat-$db-restore.$rep" "$lb" -c lifeboat.yaml restore "$id" --to-db lbr2
    done
    if [ "$db" = postgres ]; then
        echo "rows: $(pg -d lbr2 -c 'select count(*) from marks') restored of $(pg -d lbbench -c 'select count(*) from marks')"
        pg -d postgres -c 'drop database if exists lbr1' -c 'drop database if exists lbr2' -c 'drop database if exists lbbench'
    else
        echo "rows: $(my -N -e 'select count(*) from lbr2.marks') restored of $(my -N -e 'select count(*) from lbbench.marks')"
        my -e 'drop database if exists lbr1; drop database if exists lbr2; drop database if exists lbbench'
    fi
done
echo
echo "min wall over $REPS reps (wall s / cpu s / peak RSS MiB):"
awk -F'\t' 'NR > 1 { split($1, p, "."); n = p[1]; if (!(n in w) || $2 < w[n]) { w[n] = $2; c[n] = $3; r[n] = $4 } }
    END { for (n in w) printf "  %-28s %7.2f %7.2f %6d\n", n, w[n], c[n], r[n] }' results.tsv | sort
