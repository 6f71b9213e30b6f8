package lifeboat.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import lifeboat.core.config.LifeboatConfig;
import lifeboat.core.config.ScheduleLoader;
import lifeboat.core.daemon.Daemon;
import lifeboat.core.plugins.PluginRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import sun.misc.Signal;

@Command(name = "daemon", mixinStandardHelpOptions = true, description = "Run the scheduled jobs of schedulesDir until SIGTERM or SIGINT; logs on stderr.")
final class DaemonCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Override
    public Integer call() throws Exception {
        LifeboatConfig config = global.loadConfig();
        var jobs = ScheduleLoader.load(config);
        CountDownLatch stop = new CountDownLatch(1);
        // own signal handlers instead of a shutdown hook: a hook cannot change the exit status (143 on SIGTERM),
        // and systemd should see a clean stop as a clean stop
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        Daemon daemon;
        try {
            daemon = Daemon.start(config, PluginRegistry.load(), jobs);
        } catch (IllegalStateException e) { // another daemon serves this catalog: a usage error, not a failed job
            System.err.println("error: " + e.getMessage());
            return Main.USAGE;
        }
        if (global.json) {
            Output.json(Map.of("started", true, "summary", daemon.summary()));
        }
        stop.await();
        daemon.stop();
        return Main.OK;
    }
}
