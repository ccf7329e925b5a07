package io.weir.cli.extract;

import io.weir.cli.Main;
import io.weir.cli.remote.WarehouseCommand;
import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import io.weir.core.project.ProjectSettings;
import io.weir.extract.database.DatabaseExtract;
import io.weir.extract.database.LoadKind;
import io.weir.extract.database.Manifest;
import io.weir.extract.database.ManifestReader;
import io.weir.extract.database.TablePlan;
import io.weir.extract.database.TableResult;
import io.weir.extract.progress.ProgressLine;
import io.weir.warehouse.Flavor;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseSettings;
import io.weir.warehouse.WarehouseTarget;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code weir extract database}: runs a manifest's tables into RAW, with a progress line on long tables. */
@Command(
        name = "database",
        description = "Extract a manifest's tables from their source database into raw.<target schema>.*, as the"
                + " extract.database task type does.")
public final class ExtractDatabaseCommand implements Callable<Integer>, WarehouseCommand {
    @ParentCommand
    private ExtractCommand parent;

    @Spec
    private CommandSpec spec;

    @Parameters(
            paramLabel = "MANIFEST",
            description = "The manifest file, relative to the project (or the current directory).")
    private String manifest;

    @Option(
            names = {"-t", "--table"},
            paramLabel = "T",
            description = "Extract only this table (repeatable).")
    private List<String> tables = List.of();

    @Mixin
    private IntervalOptions intervalOptions;

    @Option(
            names = "--load-type",
            paramLabel = "L",
            description = "incremental, scd, sync or validate for every table, instead of each table's own.")
    private String loadType;

    @Option(
            names = "--target-schema",
            paramLabel = "SCHEMA",
            defaultValue = DatabaseExtract.DEFAULT_SCHEMA,
            description = "The RAW schema (default ${DEFAULT-VALUE}).")
    private String targetSchema;

    @Option(
            names = "--source-retries",
            paramLabel = "N",
            defaultValue = "2",
            description = "How often a dropped or refused source connection is retried (default ${DEFAULT-VALUE}).")
    private int sourceRetries;

    @Option(
            names = "--sync-range",
            paramLabel = "N",
            defaultValue = "1000000",
            description = "How many keys one range of a sync spans (default ${DEFAULT-VALUE}).")
    private long syncRange;

    @Option(names = "--dry-run", description = "Print each table's rendered query and target; connect to nothing.")
    private boolean dryRun;

    @Override
    public Integer call() {
        Main main = parent.main();
        Path projectDir = main.projectDir();
        Path file = main.path(manifest);
        if (!Path.of(manifest).isAbsolute() && !Files.exists(file)) {
            file = projectDir.resolve(manifest);
        }
        Manifest parsed = ManifestReader.read(file, manifest);
        LoadKind kind = loadType == null
                ? null
                : LoadKind.parse(loadType)
                        .orElseThrow(() -> new WeirException(
                                ErrorCode.USER_INPUT,
                                "--load-type '" + loadType + "' is not one of " + LoadKind.names()));
        String runId = ExtractConsole.manualRunId();
        DatabaseExtract extract = new DatabaseExtract(new DatabaseExtract.Options(
                parsed,
                manifest,
                projectDir,
                tables,
                intervalOptions.interval(),
                kind,
                targetSchema,
                main.environment(),
                runId,
                runId,
                sourceRetries,
                Duration.ofSeconds(2),
                syncRange));
        WarehouseTarget target = WarehouseSettings.of(projectDir, ProjectSettings.load(projectDir), main.environment())
                .target(Flavor.LOAD);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<TablePlan> plans = extract.plan(WarehouseSettings.rawDatabase(target));
        if (dryRun) {
            for (TablePlan plan : plans) {
                out.println("Table " + plan.table().name() + " ("
                        + plan.loadType().displayName() + ") into " + plan.target() + ":");
                out.println("  " + plan.query().replace("\n", "\n  "));
            }
            out.flush();
            return 0;
        }
        try (Warehouse warehouse = Warehouse.open(target, ExtractConsole.PATIENCE, ExtractConsole.lines(err))) {
            ProgressLine progress = ExtractConsole.progress(err);
            for (TablePlan plan : plans) {
                TableResult result = extract.run(
                        plan,
                        warehouse,
                        ExtractConsole.lines(err),
                        rows -> progress.show(String.format(
                                Locale.ROOT, "  %s: %,d rows", plan.table().name(), rows)),
                        () -> false);
                progress.finish();
                out.println(result.summary());
                out.flush();
            }
        }
        return 0;
    }
}
