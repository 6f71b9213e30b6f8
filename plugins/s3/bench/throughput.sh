#!/bin/sh
# Upload and download throughput of a large object (default 1 GiB) to an in-process S3Proxy under -Xmx256m.
# Usage: plugins/s3/bench/throughput.sh [MiB] [partSizeMiB] [parallelUploads]   (run from the repository root
# after `mvn -B -q install -DskipTests -pl orchestrator/spi,orchestrator/testkit`)
set -eu
cd "$(dirname "$0")/.."
mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
exec java -Xmx256m -Xlog:gc:file=target/bench-gc.log -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  lifeboat.plugin.s3.S3Throughput "$@"
