#!/usr/bin/env bash
# Times the postgres and mariadb plugins' dump (through zstd -3 to /dev/null) and restore against the plain tools,
# on a generated database of about SIZE_MB (default 1024). Needs the local servers (127.0.0.1:5432 trust as
# postgres, 127.0.0.1:3306 root without password), and the modules built: run from the repository root after
#   mvn -B -q test-compile -pl orchestrator/spi,plugins/postgres,plugins/mariadb
# Usage: plugins/postgres/bench/dump-bench.sh [pg|mariadb|both]
set -euo pipefail
SIZE_MB=${SIZE_MB:-1024}
WHAT=${1:-both}
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
WORK=$(mktemp -d /tmp/lifeboat-bench.XXXXXX)
PGDB=lb_bench_pg MYDB=lb_bench_my
cleanup() {
  /usr/bin/psql -X -q -h 127.0.0.1 -U postgres -d postgres \
    -c "drop database if exists $PGDB with (force)" -c "drop database if exists ${PGDB}_r with (force)" \
    -c "drop database if exists ${PGDB}_p with (force)" >/dev/null 2>&1 || true
  /usr/bin/mariadb -h 127.0.0.1 -u root -e "drop database if exists $MYDB; drop database if exists ${MYDB}_r;
    drop database if exists ${MYDB}_p" >/dev/null 2>&1 || true
  /bin/rm -rf "$WORK"
}
trap cleanup EXIT

cp_of() { (cd "$ROOT" && mvn -B -q dependency:build-classpath -pl "$1" -Dmdep.outputFile=/dev/stdout); }
secs() { local s=$(date +%s.%N); "$@" >/dev/null; echo "$(date +%s.%N) - $s" | bc | xargs printf '%.1f'; }

# rows of ~0.7 KB: 20 distinct md5 hex strings (compressible about 2:1, so zstd has real work) and numbers
ROWS=$((SIZE_MB * 1024 * 1024 / 800))
PG_BODY="concat_ws(' '$(for k in $(seq 0 19); do printf ", md5((i * 20 + %d)::text)" $k; done), 'Schüler')"
MY_BODY="concat_ws(' '$(for k in $(seq 0 19); do printf ", md5(seq * 20 + %d)" $k; done), 'Schüler')"

if [[ $WHAT == pg || $WHAT == both ]]; then
  PSQL="/usr/bin/psql -X -q -h 127.0.0.1 -U postgres"
  $PSQL -d postgres -c "create database $PGDB"
  $PSQL -d $PGDB -c "create table big (id bigint primary key, n int, body text, bin bytea)" \
    -c "insert into big select i, i % 1000, $PG_BODY, decode(md5((i*7)::text), 'hex')
        from generate_series(1, $ROWS) i" -c "vacuum analyze big"
  echo "postgres: $(${PSQL} -d $PGDB -Atc "select pg_size_pretty(pg_database_size('$PGDB'))") ($ROWS rows)"
  CP="$ROOT/orchestrator/spi/target/classes:$ROOT/plugins/postgres/target/classes:$ROOT/plugins/postgres/target/test-classes:$(cp_of plugins/postgres)"
  B="java -cp $CP lifeboat.plugin.postgres.DumpBench"
  echo "  plain  pg_dump -Fc -Z0 | zstd -3 > /dev/null : $(secs bash -c "pg_dump -h 127.0.0.1 -U postgres -Fc -Z0 $PGDB | zstd -q -3 > /dev/null")s"
  echo "  plugin dump (part stream | zstd -3 > /dev/null): $($B dump 127.0.0.1 5432 postgres $PGDB -)s"
  mkdir -p "$WORK/pg"
  $B dump 127.0.0.1 5432 postgres $PGDB "$WORK/pg" >/dev/null
  echo "  compressed size: $(du -sh "$WORK/pg/$PGDB.pgdump.zst" | cut -f1)"
  echo "  plain  createdb + zstd -dc | pg_restore       : $(secs bash -c "createdb -h 127.0.0.1 -U postgres -T template0 ${PGDB}_p && zstd -dcq $WORK/pg/$PGDB.pgdump.zst | pg_restore -h 127.0.0.1 -U postgres --exit-on-error --single-transaction -d ${PGDB}_p")s"
  echo "  plugin restore                                : $($B restore 127.0.0.1 5432 postgres $PGDB "$WORK/pg" ${PGDB}_r)s"
  $PSQL -d postgres -c "drop database $PGDB with (force)" -c "drop database ${PGDB}_r with (force)" \
    -c "drop database ${PGDB}_p with (force)"
fi

if [[ $WHAT == mariadb || $WHAT == both ]]; then
  MY="/usr/bin/mariadb -h 127.0.0.1 -u root"
  $MY -e "create database $MYDB character set utf8mb4"
  $MY $MYDB -e "create table big (id bigint primary key, n int, body text, bin varbinary(16)) engine=InnoDB;
    insert into big select seq, seq % 1000, $MY_BODY, unhex(md5(seq * 7))
    from seq_1_to_$ROWS; analyze table big" >/dev/null
  echo "mariadb: $($MY -N -e "select round(sum(data_length + index_length) / 1048576) from information_schema.tables where table_schema = '$MYDB'") MB ($ROWS rows)"
  CP="$ROOT/orchestrator/spi/target/classes:$ROOT/plugins/mariadb/target/classes:$ROOT/plugins/mariadb/target/test-classes:$(cp_of plugins/mariadb)"
  B="java -cp $CP lifeboat.plugin.mariadb.DumpBench"
  echo "  plain  mariadb-dump | zstd -3 > /dev/null     : $(secs bash -c "mariadb-dump -h 127.0.0.1 -u root --single-transaction --routines --triggers --events --hex-blob --default-character-set=utf8mb4 $MYDB | zstd -q -3 > /dev/null")s"
  echo "  plugin dump (part stream | zstd -3 > /dev/null): $($B dump 127.0.0.1 3306 root $MYDB -)s"
  mkdir -p "$WORK/my"
  $B dump 127.0.0.1 3306 root $MYDB "$WORK/my" >/dev/null
  echo "  compressed size: $(du -sh "$WORK/my/$MYDB.sql.zst" | cut -f1)"
  echo "  plain  create database + zstd -dc | mariadb  : $(secs bash -c "$MY -e 'create database ${MYDB}_p' && zstd -dcq $WORK/my/$MYDB.sql.zst | $MY ${MYDB}_p")s"
  echo "  plugin restore                                : $($B restore 127.0.0.1 3306 root $MYDB "$WORK/my" ${MYDB}_r)s"
fi
