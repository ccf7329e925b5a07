package io.weir.engine.executor;

import io.weir.core.dag.Dag;
import io.weir.store.DagRunRecord;
import io.weir.store.TaskInstanceRecord;

/** A task instance queued for this job's executor, with its DAG and run. */
public record Dispatch(Dag dag, DagRunRecord run, TaskInstanceRecord instance) {}
