package io.weir.web.ui;

import java.util.List;

/**
 * One line of the DAGs page.
 *
 * @param lastRunState the latest run's state, or null before the first run
 * @param needsAttention the latest run failed: the DAG is broken until a run succeeds again
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
        boolean needsAttention) {
    public DagRow {
        tags = List.copyOf(tags);
    }
}
