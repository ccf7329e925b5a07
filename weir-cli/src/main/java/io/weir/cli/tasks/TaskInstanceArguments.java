package io.weir.cli.tasks;

import picocli.CommandLine.Parameters;

/** {@code DAG_ID TASK_ID DATE}: the task instance a {@code weir tasks} command acts on. */
final class TaskInstanceArguments {
    @Parameters(index = "0", paramLabel = "DAG_ID", description = "The DAG.")
    String dagId;

    @Parameters(index = "1", paramLabel = "TASK_ID", description = "The task.")
    String taskId;

    @Parameters(index = "2", paramLabel = "DATE", description = "The run: its logical date or its run id.")
    String runIdOrDate;
}
