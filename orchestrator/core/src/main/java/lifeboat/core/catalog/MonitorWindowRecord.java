package lifeboat.core.catalog;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import lifeboat.core.model.WindowStatus;

/**
 * A stored monitoring window: the systems whose probes run every {@code probeEvery} from {@code startedAt} until
 * {@code endsAt}; the opening and closing functional checks are stamped when they ran.
 */
public record MonitorWindowRecord(long id, long incidentId, List<String> systems, WindowStatus status,
        String startedBy, Instant startedAt, Instant endsAt, Duration probeEvery, Instant nextProbeAt,
        Instant openingChecksAt, Instant closingChecksAt, Instant endedAt) {
    public MonitorWindowRecord {
        systems = List.copyOf(systems);
    }
}
