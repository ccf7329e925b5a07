package io.weir.store;

import io.weir.core.state.TaskState;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Read-only summaries across DAGs for the web pages, each one query however many DAGs there are. */
public interface OverviewRepository {

    /** Each DAG's run with the latest logical date, by DAG id; DAGs without runs are absent. */
    Map<String, DagRunRecord> latestRuns();

    /**
     * How many task instances of each DAG's latest run (by logical date) are in each state, by DAG id, states in
     * their declared order; DAGs without runs are absent. One query, however many DAGs.
     */
    Map<String, Map<TaskState, Integer>> latestRunTaskStates();

    /** The instances of some runs of one DAG, in one query (the DAG page's grid); no particular order. */
    List<TaskInstanceRecord> taskInstancesOfRuns(String dagId, Collection<String> runIds);

    /**
     * Only the states of the instances of some runs of one DAG, by run id then task id, in one query of three
     * columns: what the grid draws, without reading every column of every instance.
     */
    Map<String, Map<String, TaskState>> taskStatesOfRuns(String dagId, Collection<String> runIds);
}
