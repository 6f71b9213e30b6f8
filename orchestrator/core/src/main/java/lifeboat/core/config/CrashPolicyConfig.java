package lifeboat.core.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lifeboat.core.model.Audience;

/**
 * The school's crash policy as configured: the {@code systems} people name, the {@code audiences} told about an
 * incident, and the {@code policy} timings.
 */
public record CrashPolicyConfig(List<SystemConfig> systems, Map<Audience, List<String>> audiences,
        PolicyConfig policy) {
    public static final CrashPolicyConfig NONE = new CrashPolicyConfig(List.of(), Map.of(), PolicyConfig.DEFAULT);

    public CrashPolicyConfig {
        systems = List.copyOf(systems);
        Map<Audience, List<String>> copy = new EnumMap<>(Audience.class);
        audiences.forEach((a, channels) -> copy.put(a, List.copyOf(channels)));
        audiences = Map.copyOf(copy);
        requireNonNull(policy, "policy is null");
    }

    public Optional<SystemConfig> system(String name) {
        return systems.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The notification channels of an audience; none when it is not configured. */
    public List<String> channels(Audience audience) {
        return audiences.getOrDefault(audience, List.of());
    }

    /**
     * A system the school names: what it is made of, what to do while it is down, how to tell it is up and how to
     * restart it.
     *
     * @param name used on the command line
     * @param title what the school reads
     * @param description a sentence for the school, or null
     * @param workaround what to do while it is down (policy section 4), or null
     * @param restart how to restart it, or null when it cannot be restarted by Lifeboat
     */
    public record SystemConfig(String name, String title, String description, List<String> sources,
            String workaround, List<ProbeSpec> probes, RestartSpec restart) {
        public SystemConfig {
            requireNonNull(name, "name is null");
            requireNonNull(title, "title is null");
            sources = List.copyOf(sources);
            probes = List.copyOf(probes);
        }

        public Optional<RestartSpec> restartSpec() {
            return Optional.ofNullable(restart);
        }
    }

    /**
     * {@code policy}: the monitoring window after recovery (section 5), how often probes run in it, and the annual
     * review cycle.
     *
     * @param lastReviewed the last review recorded in the config, or null; {@code lifeboat policy review} records
     *     later ones in the catalog
     */
    public record PolicyConfig(Duration monitorFor, Duration probeEvery, Duration reviewEvery,
            LocalDate lastReviewed) {
        public static final PolicyConfig DEFAULT = new PolicyConfig(Duration.ofHours(48), Duration.ofMinutes(5),
                Duration.ofDays(365), null);

        public PolicyConfig {
            requireNonNull(monitorFor, "monitorFor is null");
            requireNonNull(probeEvery, "probeEvery is null");
            requireNonNull(reviewEvery, "reviewEvery is null");
        }
    }
}
