package io.weir.cli.bench;

import io.weir.cli.Main;
import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import io.weir.engine.Weir;
import io.weir.engine.scheduler.SchedulerListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code weir bench cli}: the wall time of whole {@code weir} processes for the read commands operators type all
 * day, through the launcher as they run it, beside {@code java -version}'s own start-up as the floor.
 */
@Command(
        name = "cli",
        description = "Time whole weir processes (dags list, dags list-runs, tasks states-for-dag-run, tasks logs)"
                + " through the launcher, beside java -version's start-up; print a table.")
public final class CliBenchCommand implements Callable<Integer> {
    /** The target the common read commands are held to, on this project's 2-core machines. */
    static final double TARGET_MS = 400;

    private static final String DAG =
            """
            dag_id: bench_cli
            schedule: "@daily"
            start_date: 2024-01-01
            catchup: false
            tasks:
              extract:
                type: command
                command: echo extracted 42 rows
              load:
                type: command
                after: [extract]
                command: echo loaded
            """;

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--runs",
            defaultValue = "7",
            description = "Processes timed per command; the median is printed (default ${DEFAULT-VALUE}).")
    private int runs;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (runs < 1) {
            throw new WeirException(ErrorCode.USER_INPUT, "--runs takes 1 or more, not " + runs);
        }
        Main main = (Main) spec.root().userObject();
        Path launcher = launcher(main.environment());
        PrintWriter out = spec.commandLine().getOut();
        Path project = Files.createTempDirectory("weir-bench-cli-");
        try {
            String runId = seed(project);
            String projectDir = project.toString();
            List<List<String>> commands = List.of(
                    List.of("dags", "list"),
                    List.of("dags", "list-runs", "bench_cli"),
                    List.of("tasks", "states-for-dag-run", "bench_cli", runId),
                    List.of("tasks", "logs", "bench_cli", "extract", runId));
            out.println("Timing " + runs + " processes of each command through " + launcher + "...");
            out.flush();
            double floor = median(List.of("java", "-version"));
            List<String[]> rows = new ArrayList<>();
            for (List<String> command : commands) {
                List<String> process = new ArrayList<>(List.of(launcher.toString(), "--project", projectDir));
                process.addAll(command);
                double weir = median(process);
                rows.add(new String[] {
                    "weir " + String.join(" ", command.subList(0, 2)),
                    format(weir),
                    format(floor),
                    String.format(Locale.ROOT, "%.1fx", weir / floor),
                    weir < TARGET_MS ? "yes" : "no"
                });
            }
            out.println();
            print(rows, out);
            out.flush();
            return 0;
        } finally {
            BenchFolders.delete(project);
        }
    }

    /** The {@code weir} launcher of this installation; the one the timed processes go through. */
    private static Path launcher(Map<String, String> environment) {
        String home = environment.get("WEIR_HOME");
        Path launcher = home == null ? null : Path.of(home, "weir");
        if (launcher == null || !Files.isExecutable(launcher)) {
            throw new WeirException(
                    ErrorCode.USER_INPUT,
                    "weir bench cli times processes started by the weir launcher; run it as ./weir bench cli from"
                            + " a clone (WEIR_HOME names the folder of the launcher)");
        }
        return launcher;
    }

    /** A project with one DAG and one finished run (so every command has something to print); its run id. */
    private static String seed(Path project) throws IOException {
        Files.createDirectories(project.resolve("dags"));
        Files.writeString(project.resolve("dags/bench_cli.yaml"), DAG);
        try (Weir weir = Weir.open(project, Map.of())) {
            return weir.test("bench_cli", Instant.parse("2024-01-01T00:00:00Z"), SchedulerListener.NONE)
                    .run()
                    .runId();
        }
    }

    /** The median wall time in milliseconds of {@code runs} processes of {@code command}, after one warm-up. */
    private double median(List<String> command) throws IOException, InterruptedException {
        run(command);
        double[] times = new double[runs];
        for (int index = 0; index < runs; index++) {
            times[index] = run(command);
        }
        Arrays.sort(times);
        return runs % 2 == 1 ? times[runs / 2] : (times[runs / 2 - 1] + times[runs / 2]) / 2;
    }

    private static double run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.PIPE);
        long start = System.nanoTime();
        Process process = builder.start();
        byte[] errors = process.getErrorStream().readAllBytes();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new WeirException(ErrorCode.USER_INPUT, String.join(" ", command) + " took over 5 minutes");
        }
        double millis = (System.nanoTime() - start) / 1e6;
        if (process.exitValue() != 0) {
            throw new WeirException(
                    ErrorCode.USER_INPUT,
                    String.join(" ", command) + " failed with exit " + process.exitValue() + ": "
                            + new String(errors, StandardCharsets.UTF_8).strip());
        }
        return millis;
    }

    private static void print(List<String[]> rows, PrintWriter out) {
        String format = "%-30s %14s %18s %7s %8s%n";
        out.printf(Locale.ROOT, format, "command", "median (ms)", "java -version (ms)", "ratio", "< 0.4 s");
        for (String[] row : rows) {
            out.printf(Locale.ROOT, format, (Object[]) row);
        }
    }

    private static String format(double millis) {
        return String.format(Locale.ROOT, "%.0f", millis);
    }
}
