package lifeboat.cli;

import java.io.PrintStream;
import lifeboat.core.model.Progress;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on a terminal; plain lines on stderr every few seconds otherwise (logs, cron mail). */
final class TerminalProgress implements Progress {
    private static final long PLAIN_INTERVAL_NANOS = 5_000_000_000L;
    private final boolean terminal;
    private final PrintStream err = System.err;
    private ProgressBar bar;
    private String task;
    private long done;
    private long total;
    private long lastLine;

    private TerminalProgress(boolean terminal) {
        this.terminal = terminal;
    }

    static Progress create(boolean json) {
        return new TerminalProgress(System.console() != null && !json);
    }

    @Override
    public void start(String task, long totalBytes) {
        this.task = task;
        this.total = totalBytes;
        this.done = 0;
        this.lastLine = System.nanoTime();
        if (terminal) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(Math.max(totalBytes, 0))
                    .setStyle(ProgressBarStyle.ASCII).setUnit(" MiB", 1 << 20).showSpeed()
                    .setConsumer(new me.tongfei.progressbar.InteractiveConsoleProgressBarConsumer(err)).build();
        }
    }

    @Override
    public void advance(long bytes, String current) {
        done += bytes;
        if (bar != null) {
            bar.stepBy(bytes);
            if (total < 0) {
                bar.maxHint(-1);
            }
        } else if (System.nanoTime() - lastLine > PLAIN_INTERVAL_NANOS) {
            lastLine = System.nanoTime();
            err.println(task + ": " + Output.bytes(done) + (total > 0 ? " of " + Output.bytes(total) : "") + " ...");
        }
    }

    @Override
    public void finish() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
