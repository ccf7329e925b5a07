package io.weir.cli.extract;

import io.weir.cli.Main;
import io.weir.cli.remote.WarehouseCommand;
import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import io.weir.core.project.ProjectSettings;
import io.weir.engine.Weir;
import io.weir.engine.runner.StoredLoadedFiles;
import io.weir.extract.files.FileEntry;
import io.weir.extract.files.FileTableResult;
import io.weir.extract.files.FilesExtract;
import io.weir.extract.files.ListingReader;
import io.weir.extract.progress.ProgressLine;
import io.weir.warehouse.Flavor;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseSettings;
import io.weir.warehouse.WarehouseTarget;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code weir extract files}: lands a listing's files in RAW, with a progress line on long files. */
@Command(
        name = "files",
        description = "Land the CSV, TSV and XLSX files a listing names (a folder, a URL or S3) in raw.<target"
                + " schema>.*, as the extract.files task type does; unchanged files are not reloaded.")
public final class ExtractFilesCommand implements Callable<Integer>, WarehouseCommand {
    @ParentCommand
    private ExtractCommand parent;

    @Spec
    private CommandSpec spec;

    @Parameters(
            paramLabel = "LISTING",
            description = "The listing file, such as extract/sheets.yml, relative to the project (or the current"
                    + " directory).")
    private String listing;

    @Option(
            names = {"-f", "--file"},
            paramLabel = "NAME",
            description = "Land only the entry whose table is NAME (repeatable).")
    private List<String> names = List.of();

    @Option(
            names = "--target-schema",
            paramLabel = "SCHEMA",
            defaultValue = FilesExtract.DEFAULT_SCHEMA,
            description = "The RAW schema (default ${DEFAULT-VALUE}).")
    private String targetSchema;

    @Override
    public Integer call() {
        Main main = parent.main();
        Path projectDir = main.projectDir();
        Path file = main.path(listing);
        if (!Path.of(listing).isAbsolute() && !Files.exists(file)) {
            file = projectDir.resolve(listing);
        }
        List<FileEntry> entries = ListingReader.read(file, listing);
        String runId = ExtractConsole.manualRunId();
        WarehouseTarget target = WarehouseSettings.of(projectDir, ProjectSettings.load(projectDir), main.environment())
                .target(Flavor.LOAD);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        FilesExtract.Outcome outcome;
        try (Weir weir = main.open(true);
                Warehouse warehouse = Warehouse.open(target, ExtractConsole.PATIENCE, ExtractConsole.lines(err))) {
            FilesExtract extract = new FilesExtract(new FilesExtract.Options(
                    listing,
                    projectDir,
                    entries,
                    names,
                    targetSchema,
                    main.environment(),
                    runId,
                    new StoredLoadedFiles(weir.store())));
            ProgressLine progress = ExtractConsole.progress(err);
            outcome = extract.run(
                    warehouse,
                    message -> {
                        progress.finish();
                        err.println(message);
                        err.flush();
                    },
                    (table, rows) -> progress.show(String.format(Locale.ROOT, "  %s: %,d rows", table, rows)));
            progress.finish();
        }
        for (FileTableResult table : outcome.tables()) {
            if (table.filesLoaded() > 0) {
                out.println(table.summary());
            }
        }
        out.flush();
        if (!outcome.failures().isEmpty()) {
            throw new WeirException(
                    ErrorCode.USER_INPUT,
                    String.join("\n", outcome.failures())
                            + (outcome.failures().size() == 1
                                    ? "; its table is unchanged"
                                    : "; their tables are unchanged"));
        }
        return 0;
    }
}
