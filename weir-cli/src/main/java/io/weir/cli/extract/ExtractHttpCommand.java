package io.weir.cli.extract;

import io.weir.cli.Main;
import io.weir.cli.remote.WarehouseCommand;
import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import io.weir.core.project.ProjectSettings;
import io.weir.extract.http.ApiObject;
import io.weir.extract.http.HttpExtract;
import io.weir.extract.http.HttpSource;
import io.weir.extract.http.HttpSourceReader;
import io.weir.extract.http.ObjectResult;
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
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code weir extract http}: extracts a source description's objects into RAW, with a progress line. */
@Command(
        name = "http",
        description = "Extract the objects of an HTTP source description into raw.<source>.<object>, as the"
                + " extract.http task type does. Secrets come from the environment.")
public final class ExtractHttpCommand implements Callable<Integer>, WarehouseCommand {
    @ParentCommand
    private ExtractCommand parent;

    @Spec
    private CommandSpec spec;

    @Parameters(
            paramLabel = "SOURCE",
            description = "The source description file, relative to the project (or the current directory).")
    private String source;

    @Option(
            names = {"-o", "--object"},
            paramLabel = "O",
            description = "Extract only this object (repeatable).")
    private List<String> objects = List.of();

    @Option(
            names = "--target-schema",
            paramLabel = "SCHEMA",
            description = "The RAW schema (default: the source's name).")
    private String targetSchema;

    @Option(
            names = "--skip-checks",
            paramLabel = "OBJECTS",
            description = "Load these objects (comma-separated) even when they fail their integrity checks.")
    private String skipChecks;

    @Override
    public Integer call() {
        Main main = parent.main();
        Path projectDir = main.projectDir();
        Path file = main.path(source);
        if (!Path.of(source).isAbsolute() && !Files.exists(file)) {
            file = projectDir.resolve(source);
        }
        HttpSource parsed = HttpSourceReader.read(file, source);
        String runId = ExtractConsole.manualRunId();
        HttpExtract extract = new HttpExtract(new HttpExtract.Options(
                parsed, projectDir, objects, targetSchema, main.environment(), "--skip-checks", skipChecks, runId));
        List<ApiObject> chosen = extract.objects();
        WarehouseTarget target = WarehouseSettings.of(projectDir, ProjectSettings.load(projectDir), main.environment())
                .target(Flavor.LOAD);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Set<String> skipped = extract.skipped(ExtractConsole.lines(err));
        List<String> failed = new java.util.ArrayList<>();
        try (Warehouse warehouse = Warehouse.open(target, ExtractConsole.PATIENCE, ExtractConsole.lines(err))) {
            ProgressLine progress = ExtractConsole.progress(err);
            for (ApiObject object : chosen) {
                try {
                    ObjectResult result = extract.run(
                            object,
                            warehouse,
                            skipped.contains(object.name()),
                            ExtractConsole.lines(err),
                            rows -> progress.show(String.format(Locale.ROOT, "  %s: %,d rows", object.name(), rows)),
                            () -> false);
                    progress.finish();
                    out.println(result.summary());
                    out.flush();
                } catch (io.weir.extract.http.ChecksFailed e) {
                    progress.finish();
                    failed.add(e.getMessage());
                }
            }
        }
        if (!failed.isEmpty()) {
            throw new WeirException(ErrorCode.USER_INPUT, String.join("\n", failed));
        }
        return 0;
    }
}
