package io.weir.store;

/** The repositories bound to one connection and transaction. */
public interface MetadataSession {

    DagRepository dags();

    RunRepository runs();

    TaskInstanceRepository taskInstances();

    XComRepository xcoms();

    VariableRepository variables();

    JobRepository jobs();

    PoolRepository pools();

    UserRepository users();

    AuditRepository audit();

    OverviewRepository overview();
}
