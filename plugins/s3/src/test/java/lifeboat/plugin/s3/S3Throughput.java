package lifeboat.plugin.s3;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Map;
import java.util.Random;
import lifeboat.spi.PendingObject;

/**
 * Upload and download throughput of one large object to an in-process S3Proxy, with peak heap. Not a test: run it
 * with {@code plugins/s3/bench/throughput.sh [MiB] [partSizeMiB] [parallelUploads]}, which uses -Xmx256m and
 * writes a GC log to {@code plugins/s3/target/bench-gc.log}. The peak heap includes S3Proxy's own, since it runs
 * in this JVM; the plugin's share is the part buffers it reports.
 */
public final class S3Throughput {
    private S3Throughput() {
    }

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        long partSize = (args.length > 1 ? Long.parseLong(args[1]) : 16) * 1024 * 1024;
        long parallel = args.length > 2 ? Long.parseLong(args[2]) : 4;
        byte[] block = new byte[1024 * 1024];
        new Random(1).nextBytes(block);

        S3ProxyServer server = new S3ProxyServer();
        server.beforeAll(null);
        try (S3Storage storage = server.storage(server.newBucket(), Map.of("partSize", partSize, "parallelUploads", parallel))) {
            resetPeaks();
            long t0 = System.nanoTime();
            int buffers;
            try (PendingObject out = storage.create("bench/object")) {
                for (int i = 0; i < mib; i++) {
                    block[0] = (byte) i; // no two MiB alike
                    out.write(block);
                }
                out.commit();
                buffers = ((S3PendingObject) out).buffersAllocated();
            }
            double up = seconds(t0);
            long upPeak = heapPeak();

            resetPeaks();
            long t1 = System.nanoTime();
            long read = 0;
            try (InputStream in = storage.open("bench/object")) {
                int n;
                while ((n = in.read(block)) > 0) {
                    read += n;
                }
            }
            double down = seconds(t1);
            long downPeak = heapPeak();
            if (read != (long) mib * block.length) {
                throw new IllegalStateException("read " + read + " bytes, wrote " + (long) mib * block.length);
            }
            System.out.printf("object %d MiB, partSize %d MiB, parallelUploads %d, -Xmx %d MiB%n", mib,
                    partSize >> 20, parallel, Runtime.getRuntime().maxMemory() >> 20);
            System.out.printf("upload   %.1f s  %.1f MiB/s  peak heap %d MiB (sum of pool peaks; plugin part buffers: %d x %d MiB)%n",
                    up, mib / up, upPeak >> 20, buffers, partSize >> 20);
            System.out.printf("download %.1f s  %.1f MiB/s  peak heap %d MiB%n", down, mib / down, downPeak >> 20);
        } finally {
            server.afterAll(null);
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
    }

    /** Sum of the heap pools' peaks: an upper bound on the heap in use at any one moment. */
    private static long heapPeak() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
