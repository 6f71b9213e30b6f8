package lifeboat.plugin.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import lifeboat.spi.DumpSource;
import lifeboat.support.db.DbEndpoint;
import lifeboat.testkit.DumpSourceContractTest;
import lifeboat.testkit.TestParts;

/**
 * Times the plugin's dump and restore for bench/dump-bench.sh. Parts go through the zstd CLI (-3), standing in
 * for the core's compressor. Usage: DumpBench dump|restore HOST PORT USER DB DIR [TODB]; DIR "-" means /dev/null.
 */
public final class DumpBench {
    public static void main(String[] args) throws Exception {
        var endpoint = new DbEndpoint(args[1], Integer.parseInt(args[2]), args[3], null, PostgresSource.JDBC);
        Path tmp = Files.createTempDirectory("bench");
        var source = new PostgresSource("bench", endpoint, args[4], PgTools.local(null), 1, null, tmp);
        var log = new TestParts.Log();
        long start = System.nanoTime();
        if (args[0].equals("dump")) {
            DumpSource.DumpOutput out = (name, compressed) -> DumpSourceContractTest.zstdInto(
                    args[5].equals("-") ? Path.of("/dev/null") : Path.of(args[5], name + ".zst"));
            source.dump(out, log);
        } else {
            Path dir = Path.of(args[5]);
            var in = new DumpSource.DumpInput() {
                @Override
                public List<String> parts() {
                    return List.of(args[4] + ".pgdump");
                }

                @Override
                public InputStream open(String part) throws IOException {
                    return new ProcessBuilder("zstd", "-dcq", dir.resolve(part + ".zst").toString())
                            .start().getInputStream();
                }
            };
            source.restore(in, Map.of("toDb", args[6], "force", "true"), log);
        }
        System.out.printf("%.1f%n", Duration.ofNanos(System.nanoTime() - start).toMillis() / 1000.0);
    }
}
