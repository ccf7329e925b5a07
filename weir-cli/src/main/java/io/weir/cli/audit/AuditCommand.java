package io.weir.cli.audit;

import io.weir.cli.Dates;
import io.weir.cli.Main;
import io.weir.cli.output.OutputOption;
import io.weir.cli.output.OutputRenderer;
import io.weir.cli.output.Rows;
import io.weir.engine.Weir;
import io.weir.store.AuditRecord;
import io.weir.store.AuditRepository;
import io.weir.web.audit.AuditLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code weir audit}: the audit log of state-changing actions from the UI, the API and the CLI. */
@Command(name = "audit", description = "Read the audit log: who changed what, when and from where.")
public final class AuditCommand implements Runnable {
    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    @Command(name = "list", description = "List audit entries, newest first.")
    int list(
            @Mixin OutputOption output,
            @Option(
                            names = {"-d", "--dag-id"},
                            description = "Only entries about this DAG.")
                    String dagId,
            @Option(names = "--event", description = "Only this event (trigger, clear, pause, login, ...).")
                    String event,
            @Option(
                            names = {"-u", "--user"},
                            description = "Only this user's entries.")
                    String user,
            @Option(
                            names = {"-s", "--start-date"},
                            description = "Entries at or after this date or time.")
                    String start,
            @Option(
                            names = {"-e", "--end-date"},
                            description = "Entries before this date or time.")
                    String end,
            @Option(
                            names = "--limit",
                            defaultValue = "100",
                            description = "At most this many (default ${DEFAULT-VALUE}).")
                    int limit) {
        try (Weir weir = main.open(true)) {
            AuditRepository.Filter filter = new AuditRepository.Filter(
                    dagId,
                    event,
                    user,
                    start == null ? null : Dates.parse(start),
                    end == null ? null : Dates.parse(end));
            Rows.Builder rows =
                    Rows.builder("when", "user", "event", "dag_id", "run_id", "task_id", "origin", "address", "extra");
            for (AuditRecord entry : new AuditLog(weir.store(), weir.services().clock()).list(filter, limit, 0)) {
                rows.add(
                        entry.when(),
                        entry.username(),
                        entry.event(),
                        entry.dagId(),
                        entry.runId(),
                        entry.taskId(),
                        entry.origin(),
                        entry.address(),
                        entry.extra());
            }
            OutputRenderer.render(
                    output.format(), rows.build(), spec.commandLine().getOut());
            return 0;
        }
    }
}
