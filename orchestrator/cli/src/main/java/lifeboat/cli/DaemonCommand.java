package lifeboat.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import lifeboat.core.config.LifeboatConfig;
import lifeboat.core.config.WebConfig;
import lifeboat.core.config.ScheduleLoader;
import lifeboat.core.daemon.Daemon;
import lifeboat.core.plugins.PluginRegistry;
import lifeboat.web.WebServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;

@Command(name = "daemon", mixinStandardHelpOptions = true, description = "Run the scheduled jobs of schedulesDir and serve the web pages (web.listen) until SIGTERM or"
        + " SIGINT; logs on stderr.")
final class DaemonCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Serve the web pages here instead of web.listen.")
    String listen;

    @Option(names = "--no-web", description = "Do not serve the web pages.")
    boolean noWeb;

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
        WebServer web = null;
        try {
            web = noWeb ? null : WebServer.start(daemon.lifeboat(), web(config, listen), daemon::schedulerRunning);
        } catch (RuntimeException e) { // a port in use: the daemon does not run half-started
            daemon.stop();
            System.err.println("error: cannot serve the web pages on " + web(config, listen).host() + ":"
                    + web(config, listen).port() + ": " + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()));
            return Main.USAGE;
        }
        if (global.json) {
            Output.json(web == null ? Map.of("started", true, "summary", daemon.summary())
                    : Map.of("started", true, "summary", daemon.summary(), "web", web.url()));
        }
        stop.await();
        if (web != null) {
            web.close();
        }
        daemon.stop();
        return Main.OK;
    }

    /** {@code web} of the configuration, with {@code --listen HOST:PORT} in place of its address when given. */
    static WebConfig web(LifeboatConfig config, String listen) {
        if (listen == null) {
            return config.web();
        }
        int colon = listen.lastIndexOf(':');
        try {
            return config.web().listening(colon <= 0 ? config.web().host() : listen.substring(0, colon),
                    Integer.parseInt(listen.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--listen '" + listen + "' is not HOST:PORT (e.g. 127.0.0.1:8080)");
        }
    }
}
