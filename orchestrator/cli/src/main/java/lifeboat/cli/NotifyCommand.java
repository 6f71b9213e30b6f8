package lifeboat.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import lifeboat.core.Lifeboat;
import lifeboat.core.backup.ProcessOwner;
import lifeboat.core.notify.Dispatcher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "notify", mixinStandardHelpOptions = true, description = "Notification channels.", subcommands = NotifyCommand.Test.class)
final class NotifyCommand {
    @Command(name = "test", mixinStandardHelpOptions = true, description = "Send a test message to CHANNEL now and print exactly what its server"
            + " answered. Exit 1 when it was not delivered (the test is not retried later).")
    static final class Test implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Parameters(paramLabel = "CHANNEL", description = "A channel of notifications.channels.")
        String channel;

        @Override
        public Integer call() throws Exception {
            try (Lifeboat lb = global.open()) {
                String location = lb.channels().get(channel).location();
                Dispatcher.Attempt a = lb.alerts().test(channel, ProcessOwner.current());
                if (global.json) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("channel", channel);
                    m.put("location", location);
                    m.put("notification", a.id());
                    m.put("delivered", a.ok());
                    m.put(a.ok() ? "answer" : "error", a.detail());
                    Output.json(m);
                } else if (a.ok()) {
                    System.out.println("delivered test message " + a.id() + " to " + channel + " (" + location + ")");
                    System.out.println("server answered: " + a.detail());
                } else {
                    System.out.println("NOT delivered: test message " + a.id() + " to " + channel + " (" + location + ")");
                    System.out.println("error: " + a.detail());
                }
                return a.ok() ? Main.OK : Main.FAILED;
            }
        }
    }
}
