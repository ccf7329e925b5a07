package io.weir.web.ui;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of the DAGs page.
 *
 * @param lastRunState the latest run's state, or null before the first run
 * @param needsAttention the latest run failed: the DAG is broken until a run succeeds again
 * @param owners the owners its tasks name, sorted
 * @param recentTaskStates how many task instances of the latest run are in each state (by label), in the states'
 *     order; empty before the first run
 */
public record DagRow(
        String dagId,
        boolean paused,
        String schedule,
        List<String> tags,
        String description,
        String lastRunState,
        String lastRunDate,
        String nextRun,
        boolean needsAttention,
        List<String> owners,
        Map<String, Integer> recentTaskStates) {
    public DagRow {
        tags = List.copyOf(tags);
        owners = List.copyOf(owners);
        recentTaskStates = Collections.unmodifiableMap(new LinkedHashMap<>(recentTaskStates));
    }
}
