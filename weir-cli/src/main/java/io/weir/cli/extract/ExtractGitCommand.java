package io.weir.cli.extract;

import io.weir.cli.Main;
import io.weir.cli.remote.WarehouseCommand;
import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import io.weir.core.project.ProjectSettings;
import io.weir.core.schedule.DataInterval;
import io.weir.extract.git.ExtractGitTaskType;
import io.weir.extract.git.GitExtract;
import io.weir.extract.progress.ProgressLine;
import io.weir.warehouse.Flavor;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseSettings;
import io.weir.warehouse.WarehouseTarget;
import io.weir.warehouse.load.LoadResult;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code weir extract git}: lands a repository's commits of an interval (or all of them) in RAW. */
@Command(
        name = "git",
        description = "Land the commits of a git repository (a path or a clone URL) whose commit date falls in the"
                + " interval, merged on sha into raw.<target schema>.<table>, as the extract.git task type does.")
public final class ExtractGitCommand implements Callable<Integer>, WarehouseCommand {
    @ParentCommand
    private ExtractCommand parent;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "REPOSITORY", description = "A path (relative to the project) or a clone URL.")
    private String repository;

    @Mixin
    private IntervalOptions intervalOptions;

    @Option(names = "--all", description = "Every commit up to now, whatever its date.")
    private boolean all;

    @Option(names = "--branch", paramLabel = "B", description = "The branch whose history is read (default: HEAD).")
    private String branch;

    @Option(
            names = "--username-env",
            paramLabel = "VAR",
            description = "The environment variable with the user for a clone URL.")
    private String usernameVariable;

    @Option(
            names = "--password-env",
            paramLabel = "VAR",
            description = "The environment variable with the password or token for a clone URL.")
    private String passwordVariable;

    @Option(
            names = "--target-schema",
            paramLabel = "SCHEMA",
            defaultValue = GitExtract.DEFAULT_SCHEMA,
            description = "The RAW schema (default ${DEFAULT-VALUE}).")
    private String targetSchema;

    @Option(
            names = "--table",
            paramLabel = "T",
            defaultValue = GitExtract.DEFAULT_TABLE,
            description = "The RAW table (default ${DEFAULT-VALUE}).")
    private String table;

    @Override
    public Integer call() {
        Main main = parent.main();
        Path projectDir = main.projectDir();
        String resolved = repository;
        if (!repository.contains("://")
                && Files.isDirectory(main.path(repository))
                && !Files.isDirectory(projectDir.resolve(repository))) {
            resolved = main.path(repository).toString();
        }
        DataInterval interval = interval();
        String runId = ExtractConsole.manualRunId();
        GitExtract extract = new GitExtract(new GitExtract.Options(
                resolved,
                GitExtract.nameOf(resolved),
                branch,
                projectDir,
                interval,
                targetSchema,
                table,
                variable(main, usernameVariable),
                variable(main, passwordVariable),
                runId));
        WarehouseTarget target = WarehouseSettings.of(projectDir, ProjectSettings.load(projectDir), main.environment())
                .target(Flavor.LOAD);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Warehouse warehouse = Warehouse.open(target, ExtractConsole.PATIENCE, ExtractConsole.lines(err))) {
            ProgressLine progress = ExtractConsole.progress(err);
            LoadResult result = extract.run(
                    warehouse,
                    ExtractConsole.lines(err),
                    rows -> progress.show(String.format(Locale.ROOT, "  %s: %,d commits", repository, rows)));
            progress.finish();
            out.println(ExtractGitTaskType.summary(repository, result));
            out.flush();
        }
        return 0;
    }

    private DataInterval interval() {
        if (all) {
            return new DataInterval(Instant.EPOCH, Instant.now().plusSeconds(1));
        }
        return intervalOptions.interval();
    }

    private static String variable(Main main, String name) {
        if (name == null) {
            return null;
        }
        String value = main.environment().get(name);
        if (value == null) {
            throw new WeirException(
                    ErrorCode.USER_INPUT,
                    "The environment has no variable " + name + "; set it, or" + " leave out the option that names it");
        }
        return value;
    }
}
