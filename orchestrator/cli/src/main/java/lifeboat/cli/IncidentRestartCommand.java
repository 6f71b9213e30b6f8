package lifeboat.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import lifeboat.core.Lifeboat;
import lifeboat.core.config.RestartSpec;
import lifeboat.core.monitor.RestartResult;
import lifeboat.core.monitor.Restarts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "restart", mixinStandardHelpOptions = true, description = {"Restart a system (policy 3, system"
        + " reboot, before advanced recovery): its restart command over SSH on its host (or here with sh -c when it"
        + " has no viaHost), bounded by its timeout, then its probes. Says whether the system is back; all of it goes"
        + " on the incident's timeline.",
        "Exit 0 the system is back, 1 it is not (recover it: lifeboat incident recover ID --plan NAME), 2 bad input"
                + " or not confirmed."})
final class IncidentRestartCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "ID", description = "The incident.")
    long id;

    @Parameters(index = "1", paramLabel = "SYSTEM", description = "The affected system to restart.")
    String system;

    @Option(names = "--yes", description = "Do not ask before running the restart command.")
    boolean yes;

    /** What {@code --json} shows. */
    record View(long incident, String system, String command, String where, Integer exit, boolean timedOut,
            String output, String error, List<ProbeResultView> probes, boolean back) {
    }

    @Override
    public Integer call() throws Exception {
        try (Lifeboat lb = global.open()) {
            Restarts restarts = lb.restarts(new SshRestartShell());
            RestartSpec spec = restarts.spec(system);
            if (!confirm("Run '" + spec.command() + "' on " + spec.where() + " to restart " + system + "?")) {
                return Main.USAGE;
            }
            RestartResult r = restarts.restart(id, system);
            List<ProbeResultView> probes = r.probes().stream().map(ProbeResultView::of).toList();
            if (global.json) {
                Output.json(new View(r.incidentId(), r.system(), r.command(), r.where(),
                        r.run() == null ? null : r.run().exit(), r.run() != null && r.run().timedOut(),
                        r.run() == null ? null : r.run().output(), r.error(), probes, r.back()));
            } else {
                System.out.println(r.summary());
                probes.forEach(p -> System.out.println(p.line()));
                if (!r.back()) {
                    System.out.println("next: recover it from backups: lifeboat incident recover " + id
                            + " --plan NAME");
                }
            }
            return r.back() ? Main.OK : Main.FAILED;
        }
    }

    /** True when --yes or the operator typed yes; false (with the reason on stderr) otherwise. */
    private boolean confirm(String question) throws Exception {
        if (yes) {
            return true;
        }
        if (System.console() == null) {
            System.err.println("error: incident restart runs the system's restart command and asks first, but there"
                    + " is no terminal to ask; run it with --yes to confirm");
            return false;
        }
        System.err.print(question + " Type 'yes' to go on: ");
        System.err.flush();
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (answer == null || !answer.trim().equalsIgnoreCase("yes")) {
            System.err.println("error: not confirmed; nothing was run");
            return false;
        }
        return true;
    }
}
