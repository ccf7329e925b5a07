package io.weir.extract.files;

import io.weir.core.task.FileProblem;
import io.weir.core.task.TaskContext;
import io.weir.core.task.TaskFailure;
import io.weir.core.task.TaskResult;
import io.weir.core.task.TaskType;
import io.weir.extract.ExtractException;
import io.weir.extract.spec.SpecException;
import io.weir.extract.spec.TaskParams;
import io.weir.warehouse.Flavor;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code extract.files}: lands the files a listing names (all, or those of {@code files}) in
 * {@code raw.<target_schema>.*} with the LOAD warehouse credentials. The XCom is {@code {table, record_count,
 * files_loaded, files_skipped, files_failed}} for one table, a list of them for several. A file that fails leaves its
 * table as it was; the others are loaded, then the task fails naming every failed file, retryable when only stores
 * that did not answer failed.
 */
public final class ExtractFilesTaskType implements TaskType {
    static final Set<String> KEYS = Set.of("listing", "files", "target_schema");
    private static final Duration WAREHOUSE_PATIENCE = Duration.ofMinutes(1);

    @Override
    public String name() {
        return "extract.files";
    }

    @Override
    public Set<String> parameterKeys() {
        return KEYS;
    }

    @Override
    public List<String> validate(Map<String, Object> params) {
        List<String> problems = new ArrayList<>();
        TaskParams.requiredPath(params, "listing", "listing", "extract/sheets.yml", problems);
        TaskParams.nameOrList(
                params, "files", "'files' must be a table name or a list of the listing's table names", problems);
        TaskParams.optionalText(
                params, "target_schema", "'target_schema' must be a schema name, such as sheetload", problems);
        return problems;
    }

    @Override
    public List<FileProblem> validateFiles(Map<String, Object> params, Path projectDir) {
        if (!(params.get("listing") instanceof String name) || name.isBlank() || name.contains("{{")) {
            return List.of();
        }
        try {
            ListingReader.read(projectDir.resolve(name), name);
            return List.of();
        } catch (SpecException e) {
            return e.problems().stream()
                    .map(problem -> new FileProblem(name, problem.line(), problem.message()))
                    .toList();
        } catch (ExtractException e) {
            return List.of(new FileProblem(name, 1, e.getMessage()));
        }
    }

    @Override
    public TaskResult execute(TaskContext context) {
        Map<String, Object> params = context.params();
        String listing = String.valueOf(params.get("listing"));
        FilesExtract extract;
        WarehouseSettings settings;
        try {
            List<FileEntry> entries = ListingReader.read(context.projectDir().resolve(listing), listing);
            extract = new FilesExtract(new FilesExtract.Options(
                    listing,
                    context.projectDir(),
                    entries,
                    TaskParams.names(params.get("files")),
                    params.get("target_schema") == null
                            ? FilesExtract.DEFAULT_SCHEMA
                            : String.valueOf(params.get("target_schema")),
                    context.environment(),
                    context.runId(),
                    context.loadedFiles()));
            settings = TaskParams.warehouse(context);
        } catch (ExtractException e) {
            throw new TaskFailure(e.getMessage(), false, e);
        }
        FilesExtract.Outcome outcome;
        try (Warehouse warehouse =
                Warehouse.open(settings.target(Flavor.LOAD), WAREHOUSE_PATIENCE, context.log()::info)) {
            outcome = extract.run(warehouse, context.log()::info, (table, rows) -> context.log()
                    .info(String.format("  %s: %,d rows so far", table, rows)));
        }
        List<Map<String, Object>> results = new ArrayList<>();
        for (FileTableResult table : outcome.tables()) {
            if (table.filesLoaded() > 0) {
                context.log().info(table.summary());
            }
            results.add(table.xcom());
        }
        if (!outcome.failures().isEmpty()) {
            String message = outcome.failures().size() == 1
                    ? outcome.failures().get(0) + "; its table is unchanged"
                    : outcome.failures().size() + " files of " + listing + " failed, each one's table unchanged; the"
                            + " other files were loaded:\n  " + String.join("\n  ", outcome.failures());
            throw new TaskFailure(message, outcome.retryable());
        }
        return TaskResult.success(results.size() == 1 ? results.get(0) : results);
    }
}
