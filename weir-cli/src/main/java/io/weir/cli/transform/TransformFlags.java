package io.weir.cli.transform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.weir.cli.Main;
import io.weir.cli.remote.WarehouseHost;
import io.weir.cli.server.Signals;
import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import io.weir.core.project.ProjectSettings;
import io.weir.transform.Transform;
import io.weir.transform.TransformOptions;
import io.weir.warehouse.Flavor;
import io.weir.warehouse.WarehouseSettings;
import io.weir.warehouse.WarehouseTarget;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The flags every {@code weir transform} command takes: where the project and profile are, and the vars. */
public final class TransformFlags {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Option(
            names = "--project-dir",
            paramLabel = "DIR",
            description = "The dbt project (default: the current directory if it has dbt_project.yml, else the Weir"
                    + " project's transform/ folder).")
    Path projectDir;

    @Option(
            names = "--profiles-dir",
            paramLabel = "DIR",
            description = "Where profiles.yml is (default: DBT_PROFILES_DIR, the project folder, then ~/.dbt). Without"
                    + " a profiles.yml, the Weir project's warehouse settings are used.")
    Path profilesDir;

    @Option(
            names = {"-t", "--target"},
            paramLabel = "NAME",
            description = "The profile's target to use.")
    String target;

    @Option(
            names = "--vars",
            paramLabel = "YAML",
            description = "Variables over the project's, as YAML: '{key: value}'.")
    String vars;

    @Option(names = "--threads", paramLabel = "N", description = "Nodes run at once (default: the target's threads).")
    Integer threads;

    TransformOptions options(
            Main main, SelectionFlags selection, boolean fullRefresh, boolean failFast, PrintStream out) {
        Map<String, String> env = main.environment();
        Path project = projectDir(main);
        Path profiles = Transform.profilesDir(
                        profilesDir == null ? null : main.workingDir().resolve(profilesDir), project, env)
                .orElse(null);
        WarehouseTarget transformTarget = null;
        WarehouseTarget testTarget = null;
        String snapshotDatabase = null;
        String snapshotSchema = null;
        if (profiles == null && target != null) {
            throw new WeirException(
                    ErrorCode.USER_INPUT,
                    "--target " + target + " names a profile's target, but there is no profiles.yml in "
                            + project + ", DBT_PROFILES_DIR or ~/.dbt; pass --profiles-dir or leave out --target to"
                            + " use the Weir project's warehouse");
        }
        if (profiles == null) {
            Path weirProject = main.projectDir();
            WarehouseSettings settings = WarehouseSettings.of(weirProject, ProjectSettings.load(weirProject), env);
            transformTarget = settings.target(Flavor.TRANSFORM);
            testTarget = settings.target(Flavor.TEST);
            snapshotDatabase = WarehouseSettings.snapshotDatabase(transformTarget);
            snapshotSchema = WarehouseSettings.SNAPSHOT_SCHEMA;
        }
        if (threads != null && threads < 1) {
            throw new WeirException(ErrorCode.USER_INPUT, "--threads must be at least 1, not " + threads);
        }
        return new TransformOptions(
                project,
                profiles,
                target,
                selection.select(),
                selection.exclude(),
                fullRefresh,
                parseVars(),
                threads,
                failFast,
                transformTarget,
                testTarget,
                snapshotDatabase,
                snapshotSchema,
                env);
    }

    /** The dbt project's folder: {@code --project-dir}, else the current one, else the Weir project's transform/. */
    Path projectDir(Main main) {
        if (projectDir != null) {
            Path dir = main.workingDir().resolve(projectDir).normalize();
            if (!Files.isRegularFile(dir.resolve("dbt_project.yml"))) {
                throw new WeirException(
                        ErrorCode.USER_INPUT, "No dbt_project.yml in " + dir + "; --project-dir names a dbt project.");
            }
            return dir;
        }
        Path current = main.workingDir();
        if (Files.isRegularFile(current.resolve("dbt_project.yml"))) {
            return current;
        }
        Path inWeirProject = main.projectDir().resolve("transform");
        if (Files.isRegularFile(inWeirProject.resolve("dbt_project.yml"))) {
            return inWeirProject;
        }
        throw new WeirException(
                ErrorCode.USER_INPUT,
                "No dbt_project.yml in " + current + " nor in " + inWeirProject
                        + "; run from a dbt project or pass --project-dir.");
    }

    private Map<String, Object> parseVars() {
        if (vars == null || vars.isBlank()) {
            return Map.of();
        }
        try {
            Object parsed = YAML.readValue(vars, Object.class);
            if (parsed instanceof Map<?, ?> map) {
                Map<String, Object> result = new java.util.LinkedHashMap<>();
                map.forEach((key, value) -> result.put(String.valueOf(key), value));
                return result;
            }
        } catch (JsonProcessingException e) {
            throw new WeirException(
                    ErrorCode.USER_INPUT, "--vars is not valid YAML (" + e.getOriginalMessage() + "): " + vars, e);
        }
        throw new WeirException(
                ErrorCode.USER_INPUT, "--vars must be a YAML mapping such as '{key: value}', not " + vars);
    }

    /** The command's output as a stream, so tests capturing picocli's writer see what a run prints. */
    static PrintStream out(CommandSpec spec) {
        PrintWriter writer = spec.commandLine().getOut();
        OutputStream bytes = new OutputStream() {
            private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                line.write(b);
                if (b == '\n') {
                    flush();
                }
            }

            @Override
            public synchronized void flush() {
                writer.print(line.toString(StandardCharsets.UTF_8));
                writer.flush();
                line.reset();
            }
        };
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    /**
     * Runs {@code work}; a Ctrl-C meanwhile cancels the running queries, so the run ends with its results written;
     * a second Ctrl-C ends the process at once.
     */
    static <T> T whileCancellable(Transform transform, Supplier<T> work, PrintStream out) {
        // In a server running the command for another process, that process's Ctrl-C (its hang-up) cancels.
        if (!WarehouseHost.onHangUp(transform::cancel)) {
            Signals.handle(
                    () -> {
                        out.println("Cancelling: stopping the running queries (Ctrl-C again to quit at once)");
                        transform.cancel();
                    },
                    () -> Main.exitNow(130));
        }
        return work.get();
    }
}
