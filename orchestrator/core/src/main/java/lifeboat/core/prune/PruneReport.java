package lifeboat.core.prune;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one prune run did, or would do ({@code dryRun}).
 *
 * @param sources per source, in the order asked
 */
public record PruneReport(boolean dryRun, List<SourcePrune> sources) {
    public PruneReport {
        sources = List.copyOf(sources);
    }

    /**
     * One source.
     *
     * @param finished interrupted removals this run completed first, as {@code backup on target}
     * @param decisions every backup copy considered, newest first per target
     */
    public record SourcePrune(String source, List<String> finished, List<Decision> decisions) {
        public SourcePrune {
            finished = List.copyOf(finished);
            decisions = List.copyOf(decisions);
        }
    }

    /** Bytes freed (or that a dry run would free) per target. */
    public Map<String, Long> freedBytes() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (SourcePrune s : sources) {
            for (Decision d : s.decisions()) {
                out.merge(d.target(), d.verdict() == Verdict.REMOVE && (dryRun || d.removed()) ? d.bytes() : 0L,
                        Long::sum);
            }
        }
        return out;
    }

    /** Whether every removal that was decided went through. */
    public boolean ok() {
        return sources.stream().flatMap(s -> s.decisions().stream()).allMatch(d -> d.error() == null);
    }

    public long count(Verdict v) {
        return sources.stream().flatMap(s -> s.decisions().stream()).filter(d -> d.verdict() == v).count();
    }
}
