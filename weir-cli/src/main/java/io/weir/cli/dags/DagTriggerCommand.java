package io.weir.cli.dags;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.cli.CliAudit;
import io.weir.cli.Dates;
import io.weir.cli.output.OutputOption;
import io.weir.cli.output.OutputRenderer;
import io.weir.cli.output.Rows;
import io.weir.engine.Weir;
import io.weir.store.DagRecord;
import io.weir.store.DagRunRecord;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code weir dags trigger}: a manual run, queued for the scheduler. */
@Command(name = "trigger", description = "Create a manual run of a DAG; the scheduler starts it.")
final class DagTriggerCommand implements Callable<Integer> {

    @ParentCommand
    private DagsCommand dags;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "DAG_ID", description = "The DAG to run.")
    private String dagId;

    @Option(
            names = {"-e", "--exec-date", "--logical-date"},
            paramLabel = "DATE",
            description = "The run's logical date, 2024-01-01 or ISO-8601 (default: now).")
    private String logicalDate;

    @Option(
            names = {"-c", "--conf"},
            paramLabel = "JSON",
            description = "The run's configuration, a JSON object the DAG reads as {{ dag_run.conf }}.")
    private String conf;

    @Mixin
    private OutputOption output;

    @Override
    public Integer call() {
        Instant date = logicalDate == null ? null : Dates.parse(logicalDate);
        try (Weir weir = dags.main().open(true)) {
            DagRunRecord run = weir.trigger(dagId, date, conf);
            CliAudit.record(weir, "trigger", dagId, run.runId(), null, conf);
            Rows rows = Rows.builder("dag_id", "run_id", "logical_date", "state", "conf")
                    .add(run.dagId(), run.runId(), run.logicalDate(), run.state(), parse(run.conf()))
                    .build();
            OutputRenderer.render(output.format(), rows, spec.commandLine().getOut());
            boolean paused = weir.store()
                    .inTransaction(session -> session.dags().find(dagId))
                    .map(DagRecord::paused)
                    .orElse(false);
            if (paused) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("note: DAG " + dagId + " is paused; the run starts when the DAG is unpaused: "
                        + "weir dags unpause " + dagId);
                err.flush();
            }
            return 0;
        }
    }

    private static Object parse(String json) {
        try {
            return Json.MAPPER.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            return json;
        }
    }

    /** Built on first use: picocli creates this command for every command line that names it. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
}
