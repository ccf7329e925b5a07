package io.weir.cli;

import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import io.weir.core.dag.Dag;
import io.weir.engine.Weir;
import io.weir.store.DagRecord;
import io.weir.store.DagRunRecord;
import java.util.Optional;

/** Lookups every read-side command shares: a DAG known to the project or the metadata DB, a run by id or date. */
public final class Projects {
    private Projects() {}

    /**
     * The DAG's parsed definition, or empty when its file is gone or broken but the metadata DB still knows it (its
     * runs can still be listed). Fails with a sentence naming the DAG when neither knows it.
     */
    public static Optional<Dag> requireKnownDag(Weir weir, String dagId) {
        Optional<Dag> dag = weir.dagBag().find(dagId);
        if (dag.isPresent()) {
            return dag;
        }
        Optional<DagRecord> record =
                weir.store().inTransaction(session -> session.dags().find(dagId));
        if (record.isPresent()) {
            return Optional.empty();
        }
        weir.requireDag(dagId);
        throw new WeirException(ErrorCode.DAG_NOT_FOUND, "No DAG " + dagId + "; `weir dags list` shows the DAGs");
    }

    /**
     * Fails as {@link #requireKnownDag} does unless the DAG is known; for a command that needs only its id, the
     * metadata DB answers without reading the DAG folder (every file of it) when it already records the DAG.
     */
    public static void requireDagId(Weir weir, String dagId) {
        if (weir.store().inTransaction(session -> session.dags().find(dagId)).isEmpty()) {
            requireKnownDag(weir, dagId);
        }
    }

    /** The run named by a run id or a logical date; a malformed date is reported as such, not as a missing run. */
    public static DagRunRecord resolveRun(Weir weir, String dagId, String runIdOrDate) {
        if (!runIdOrDate.isEmpty() && Character.isDigit(runIdOrDate.charAt(0))) {
            Dates.parse(runIdOrDate);
        }
        return weir.resolveRun(dagId, runIdOrDate);
    }
}
