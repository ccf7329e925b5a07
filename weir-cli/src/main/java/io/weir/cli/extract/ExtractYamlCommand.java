package io.weir.cli.extract;

import io.weir.cli.Main;
import io.weir.cli.remote.WarehouseCommand;
import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import io.weir.core.project.ProjectSettings;
import io.weir.extract.http.Auth;
import io.weir.extract.progress.ProgressLine;
import io.weir.extract.yaml.ExtractYamlTaskType;
import io.weir.extract.yaml.YamlExtract;
import io.weir.extract.yaml.YamlTable;
import io.weir.warehouse.Flavor;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseSettings;
import io.weir.warehouse.WarehouseTarget;
import io.weir.warehouse.load.LoadResult;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code weir extract yaml}: lands one list of a YAML file or URL in RAW. */
@Command(
        name = "yaml",
        description = "Land a list of a YAML file or URL in raw.<target schema>.<table>, one row per item, as the"
                + " extract.yaml task type does.")
public final class ExtractYamlCommand implements Callable<Integer>, WarehouseCommand {
    @ParentCommand
    private ExtractCommand parent;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE_OR_URL", description = "The YAML file (relative to the project) or its URL.")
    private String location;

    @Option(
            names = {"-t", "--table"},
            required = true,
            paramLabel = "NAME",
            description = "The table the list lands in.")
    private String table;

    @Option(
            names = "--path",
            paramLabel = "PATH",
            defaultValue = ".",
            description = "Where the list is, such as .team[] (default: the document itself).")
    private String path;

    @Option(
            names = {"-f", "--field"},
            paramLabel = "NAME=TYPE",
            description = "A field of each item to give its own column, such as start_date=date (repeatable).")
    private Map<String, String> fields = new LinkedHashMap<>();

    @Option(
            names = "--target-schema",
            paramLabel = "SCHEMA",
            defaultValue = YamlExtract.DEFAULT_SCHEMA,
            description = "The RAW schema (default ${DEFAULT-VALUE}).")
    private String targetSchema;

    @Option(
            names = "--auth",
            paramLabel = "AUTH",
            description = "How a URL's request authenticates, naming environment variables: bearer:TOKEN_VAR,"
                    + " basic:USER_VAR:PASSWORD_VAR or api_key:HEADER:KEY_VAR.")
    private String auth;

    /** The {@code --auth} option as the task's {@code auth} mapping. */
    private Map<String, Object> authSetting() {
        if (auth == null) {
            return null;
        }
        String[] parts = auth.split(":");
        Map<String, Object> setting = new LinkedHashMap<>();
        setting.put("type", parts[0]);
        switch (parts[0]) {
            case "bearer" -> {
                if (parts.length == 2) {
                    setting.put("token", parts[1]);
                }
            }
            case "basic" -> {
                if (parts.length == 3) {
                    setting.put("username", parts[1]);
                    setting.put("password", parts[2]);
                }
            }
            case "api_key" -> {
                if (parts.length == 3) {
                    setting.put("name", parts[1]);
                    setting.put("key", parts[2]);
                }
            }
            default -> {}
        }
        if (setting.size() == 1) {
            throw new WeirException(
                    ErrorCode.USER_INPUT,
                    "--auth " + auth + " is not one of bearer:TOKEN_VAR, basic:USER_VAR:PASSWORD_VAR,"
                            + " api_key:HEADER:KEY_VAR (each VAR the name of an environment variable)");
        }
        return setting;
    }

    @Override
    public Integer call() {
        Main main = parent.main();
        Path projectDir = main.projectDir();
        String resolved = location;
        if (!location.contains("://")
                && Files.exists(main.path(location))
                && !Files.exists(projectDir.resolve(location))) {
            resolved = main.path(location).toString();
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("path", path);
        settings.put("fields", new LinkedHashMap<>(fields));
        List<String> problems = new ArrayList<>();
        List<YamlTable> tables = ExtractYamlTaskType.tables(Map.of(table, settings), problems);
        Auth requestAuth = Auth.of(authSetting(), "--auth", problems);
        if (!problems.isEmpty()) {
            throw new WeirException(ErrorCode.USER_INPUT, String.join("; ", problems));
        }
        String runId = ExtractConsole.manualRunId();
        YamlExtract extract = new YamlExtract(new YamlExtract.Options(
                resolved, projectDir, tables, targetSchema, runId, requestAuth, main.environment()));
        WarehouseTarget target = WarehouseSettings.of(projectDir, ProjectSettings.load(projectDir), main.environment())
                .target(Flavor.LOAD);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Warehouse warehouse = Warehouse.open(target, ExtractConsole.PATIENCE, ExtractConsole.lines(err))) {
            YamlTable only = tables.get(0);
            ProgressLine progress = ExtractConsole.progress(err);
            LoadResult result = extract.run(
                    only,
                    warehouse,
                    rows -> progress.show(String.format(Locale.ROOT, "  %s: %,d rows", only.name(), rows)));
            progress.finish();
            out.println(ExtractYamlTaskType.summary(only, result));
            out.flush();
        }
        return 0;
    }
}
