package lifeboat.core.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * A check that a system is up, as configured under {@code systems[].probes}: each bounded by its {@code timeout}.
 * {@link #describe()} names what is checked for IT's messages; the school never sees it.
 */
public sealed interface ProbeSpec permits ProbeSpec.Tcp, ProbeSpec.Http, ProbeSpec.Sql, ProbeSpec.Command {
    Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** The config's {@code type}. */
    String type();

    Duration timeout();

    /** What is checked, e.g. {@code tcp 10.0.0.5:5432}. */
    String describe();

    /** A TCP connection to host:port opens. */
    record Tcp(String host, int port, Duration timeout) implements ProbeSpec {
        public Tcp {
            requireNonNull(host, "host is null");
            requireNonNull(timeout, "timeout is null");
        }

        @Override
        public String type() {
            return "tcp";
        }

        @Override
        public String describe() {
            return "tcp " + host + ":" + port;
        }
    }

    /** A GET answers with {@code expectStatus} and, when set, a body containing {@code expectText}. */
    record Http(URI url, int expectStatus, String expectText, Duration timeout) implements ProbeSpec {
        public Http {
            requireNonNull(url, "url is null");
            requireNonNull(timeout, "timeout is null");
        }

        @Override
        public String type() {
            return "http";
        }

        @Override
        public String describe() {
            return "http " + url + " expecting " + expectStatus + (expectText == null ? "" : " and \"" + expectText + "\"");
        }
    }

    /** A query against a database source's server returns {@code expect} in its first column of its first row. */
    record Sql(String source, String query, String expect, Duration timeout) implements ProbeSpec {
        public Sql {
            requireNonNull(source, "source is null");
            requireNonNull(query, "query is null");
            requireNonNull(expect, "expect is null");
            requireNonNull(timeout, "timeout is null");
        }

        @Override
        public String type() {
            return "sql";
        }

        @Override
        public String describe() {
            return "sql on " + source + ": " + query + " expecting " + expect;
        }
    }

    /** A command (no shell) exits with {@code expectExit}. */
    record Command(List<String> command, int expectExit, Duration timeout) implements ProbeSpec {
        public Command {
            command = List.copyOf(command);
            requireNonNull(timeout, "timeout is null");
        }

        @Override
        public String type() {
            return "command";
        }

        @Override
        public String describe() {
            return "command " + String.join(" ", command) + " expecting exit " + expectExit;
        }
    }
}
