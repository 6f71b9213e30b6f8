package lifeboat.core.incident;

import java.util.List;
import lifeboat.core.catalog.IncidentRecord;

/**
 * What stands in the way of resolving an incident (policy 5: the system must have stayed up through the monitoring
 * window): a monitoring window still running, a probe failing. {@code lifeboat incident resolve} is refused while
 * there are blockers, unless forced with a reason.
 */
@FunctionalInterface
public interface ResolveGuard {
    /** Nothing stands in the way. */
    ResolveGuard NONE = incident -> List.of();

    /** Why {@code incident} cannot be resolved now, one sentence each; empty when it can. */
    List<String> blockers(IncidentRecord incident) throws Exception;
}
