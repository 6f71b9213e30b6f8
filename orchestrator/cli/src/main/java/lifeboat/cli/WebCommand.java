package lifeboat.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import lifeboat.core.Lifeboat;
import lifeboat.core.config.LifeboatConfig;
import lifeboat.core.plugins.PluginRegistry;
import lifeboat.web.WebServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;

@Command(name = "web", mixinStandardHelpOptions = true, description = "Serve the web pages alone (no scheduled jobs),"
        + " e.g. on a second host reading the same catalog, until SIGTERM or SIGINT.")
final class WebCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Listen here instead of web.listen.")
    String listen;

    @Override
    public Integer call() throws Exception {
        LifeboatConfig config = global.loadConfig();
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        try (Lifeboat lb = Lifeboat.open(config, PluginRegistry.load());
                WebServer web = WebServer.start(lb, DaemonCommand.web(config, listen), null)) {
            if (global.json) {
                Output.json(Map.of("url", web.url()));
            } else {
                System.err.println("lifeboat web pages at " + web.url());
            }
            stop.await();
        }
        return Main.OK;
    }
}
