package lifeboat.cli;

import lifeboat.core.Lifeboat;
import lifeboat.core.audit.Actor;
import lifeboat.core.config.ConfigException;
import lifeboat.core.config.ConfigLoader;
import lifeboat.core.config.LifeboatConfig;
import lifeboat.core.plugins.PluginRegistry;
import picocli.CommandLine.Option;

/** Options every command takes. */
final class GlobalOptions {
    @Option(names = "--json", description = "Print one JSON document on stdout; logs stay on stderr.")
    boolean json;

    LifeboatConfig loadConfig() throws ConfigException {
        return new ConfigLoader(PluginRegistry.load()).load(ConfigLoader.locate(Main.configOption));
    }

    Lifeboat open() throws Exception {
        Lifeboat lifeboat = Lifeboat.open(loadConfig(), PluginRegistry.load());
        lifeboat.actingAs(Actor.command(Main.commandName));
        return lifeboat;
    }

    /** For a command that only reads the catalog: no audit entry for the configuration in force. */
    Lifeboat openForReading() throws Exception {
        return Lifeboat.open(loadConfig(), PluginRegistry.load());
    }
}
