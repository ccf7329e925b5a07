package io.weir.engine.bench;

import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import io.weir.core.state.DagRunState;
import io.weir.core.state.TaskState;
import io.weir.engine.Weir;
import io.weir.engine.scheduler.Scheduler;
import io.weir.engine.scheduler.SchedulerListener;
import io.weir.store.DagRunRecord;
import io.weir.store.MetadataStore;
import io.weir.store.TaskInstanceRecord;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * {@code weir bench scheduler}: the scheduler's throughput and task-to-task latency through the real scheduler,
 * executor and metadata DB, each workload beside a floor measured in the same run: for the no-ops, the metadata
 * writes they need (a claim and an end per task, each a durable commit); for the commands, the processes alone.
 */
public final class SchedulerBenchmark {
    private static final Instant LOGICAL_DATE = Instant.parse("2024-01-01T00:00:00Z");

    /**
     * @param environment the environment the benchmark's projects open with (WEIR_DB_URL selects PostgreSQL)
     * @param label what the metadata DB is, for the table
     */
    public record Options(
            int dags,
            int tasksPerDag,
            int commandTasks,
            int parallelism,
            int warmUps,
            int iterations,
            Map<String, String> environment,
            String label) {
        public Options {
            if (iterations < 1) {
                throw new IllegalArgumentException("The benchmark needs at least one measured round");
            }
        }
    }

    public record Row(String workload, String metric, double ours, double baseline, String unit) {
        double ratio() {
            return baseline == 0 ? Double.NaN : ours / baseline;
        }
    }

    private final Path workDir;

    public SchedulerBenchmark(Path workDir) {
        this.workDir = workDir;
    }

    /**
     * Runs {@code options.warmUps()} rounds of both workloads unmeasured, then {@code options.iterations()} measured
     * rounds, and reports each metric's median over the measured rounds (the baseline's too).
     */
    public List<Row> run(Options options, PrintStream progress) {
        // A scheduler is a long-running process: measure it warm, as it runs after its first minutes, not while the
        // JVM still compiles its code or its metadata connections are new (a new PostgreSQL connection is a new
        // server process, slow until it has touched the pages it works on). So every round runs in one project opened
        // once, each workload on DAGs of its own, and warm-up rounds are whole rounds.
        Path project = newProject("scheduler");
        write(
                project.resolve("weir.yaml"),
                "dags_are_paused_at_creation: false\nparallelism: " + options.parallelism() + "\n");
        try (Weir weir = Weir.open(project, options.environment())) {
            for (int round = 1; round <= options.warmUps(); round++) {
                progress.println(
                        "Warm-up round " + round + " of " + options.warmUps() + " (" + options.label() + ")...");
                round(weir, options, "warm_up_" + round + "_", progress);
            }
            List<List<Row>> measured = new ArrayList<>();
            for (int round = 1; round <= options.iterations(); round++) {
                progress.println("Round " + round + " of " + options.iterations() + " (" + options.label() + "): "
                        + options.dags() + " DAGs x " + options.tasksPerDag() + " linear no-ops, then "
                        + options.commandTasks() + " `true` commands fanned out on " + options.parallelism()
                        + " threads");
                measured.add(round(weir, options, "bench_" + round + "_", progress));
            }
            List<Row> medians = new ArrayList<>();
            for (int index = 0; index < measured.get(0).size(); index++) {
                Row first = measured.get(0).get(index);
                List<Double> ours = new ArrayList<>();
                List<Double> baseline = new ArrayList<>();
                for (List<Row> round : measured) {
                    ours.add(round.get(index).ours());
                    baseline.add(round.get(index).baseline());
                }
                medians.add(new Row(first.workload(), first.metric(), median(ours), median(baseline), first.unit()));
            }
            return medians;
        }
    }

    private List<Row> round(Weir weir, Options options, String prefix, PrintStream progress) {
        List<Row> rows = new ArrayList<>(linearNoOps(weir, options, prefix));
        rows.addAll(commandFanOut(weir, options, prefix));
        progress.printf(
                Locale.ROOT,
                "  workload 1 %.3f s (floor %.3f s), workload 2 %.3f s (floor %.3f s)%n",
                rows.get(0).ours(),
                rows.get(0).baseline(),
                rows.get(rows.size() - 2).ours(),
                rows.get(rows.size() - 2).baseline());
        return rows;
    }

    private static double median(List<Double> values) {
        if (values.stream().anyMatch(value -> Double.isNaN(value))) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    public static void print(List<Row> rows, PrintStream out) {
        out.printf(Locale.ROOT, "%-34s %-26s %12s %12s %9s%n", "workload", "metric", "weir", "floor", "ratio");
        for (Row row : rows) {
            out.printf(
                    Locale.ROOT,
                    "%-34s %-26s %12s %12s %9s%n",
                    row.workload(),
                    row.metric() + " (" + row.unit() + ")",
                    format(row.ours()),
                    Double.isNaN(row.baseline()) ? "-" : format(row.baseline()),
                    Double.isNaN(row.ratio()) ? "-" : String.format(Locale.ROOT, "%.2fx", row.ratio()));
        }
    }

    private static String format(double value) {
        if (value >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private List<Row> linearNoOps(Weir weir, Options options, String prefix) {
        Path project = weir.projectDir();
        List<String> dagIds = new ArrayList<>();
        for (int dag = 0; dag < options.dags(); dag++) {
            dagIds.add(prefix + "linear_" + dag);
            StringBuilder text =
                    new StringBuilder("dag_id: " + prefix + "linear_" + dag + "\nschedule: null\ntasks:\n");
            for (int task = 0; task < options.tasksPerDag(); task++) {
                text.append("  t").append(task).append(":\n    type: empty\n");
                if (task > 0) {
                    text.append("    after: [t").append(task - 1).append("]\n");
                }
            }
            write(project.resolve("dags/" + prefix + "linear_" + dag + ".yaml"), text.toString());
        }
        int total = options.dags() * options.tasksPerDag();
        Measured measured = runDags(weir, dagIds);
        List<Double> latencies = new ArrayList<>();
        double totalLag = 0;
        for (List<TaskInstanceRecord> run : measured.instancesByRun().values()) {
            Map<String, TaskInstanceRecord> byTask = new HashMap<>();
            run.forEach(instance -> byTask.put(instance.taskId(), instance));
            for (int task = 1; task < options.tasksPerDag(); task++) {
                TaskInstanceRecord upstream = byTask.get("t" + (task - 1));
                TaskInstanceRecord downstream = byTask.get("t" + task);
                double lag = Duration.between(upstream.endDate(), downstream.startDate())
                                .toNanos()
                        / 1_000_000.0;
                latencies.add(lag);
                totalLag += lag;
            }
        }
        Collections.sort(latencies);
        double baselineSeconds = metadataWriteFloor(weir, measured.instancesByRun());
        String workload = "1: " + total + " linear no-ops (" + options.label() + ")";
        return List.of(
                new Row(workload, "wall time", measured.seconds(), baselineSeconds, "s"),
                new Row(workload, "throughput", total / measured.seconds(), total / baselineSeconds, "tasks/s"),
                new Row(workload, "latency p50", percentile(latencies, 0.50), Double.NaN, "ms"),
                new Row(workload, "latency p99", percentile(latencies, 0.99), Double.NaN, "ms"),
                new Row(workload, "total task lag", totalLag / 1000.0, 11.6, "s, vs Airflow 2.0"));
    }

    /**
     * The floor the design cannot beat, measured on the same database: the metadata writes each task of the workload
     * needs, a claim and an end, each its own durable commit, issued back to back on one thread. They replay the
     * compare-and-sets Weir made for the instances just run (running, then the recorded end), so the stored
     * instances are as they were.
     */
    private static double metadataWriteFloor(Weir weir, Map<String, List<TaskInstanceRecord>> instancesByRun) {
        List<TaskInstanceRecord> ended = new ArrayList<>();
        instancesByRun.values().forEach(ended::addAll);
        MetadataStore store = weir.store();
        long start = System.nanoTime();
        for (TaskInstanceRecord end : ended) {
            TaskInstanceRecord claim = end.withState(TaskState.RUNNING);
            boolean claimed = store.inTransaction(
                    session -> session.taskInstances().claimIf(claim, end.state(), end.jobId(), end.tryNumber()));
            boolean recorded = store.inTransaction(
                    session -> session.taskInstances().updateIf(end, TaskState.RUNNING, end.jobId()));
            if (!claimed || !recorded) {
                throw new IllegalStateException("The floor could not replay the writes of task " + end.taskId()
                        + " in run " + end.runId() + " of DAG " + end.dagId() + ": something else changed it");
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private List<Row> commandFanOut(Weir weir, Options options, String prefix) {
        Path project = weir.projectDir();
        StringBuilder text =
                new StringBuilder("dag_id: " + prefix + "fanout\nschedule: null\nmax_active_tasks: 100000\ntasks:\n");
        for (int task = 0; task < options.commandTasks(); task++) {
            text.append("  c").append(task).append(":\n    type: command\n    command: \"true\"\n");
        }
        write(project.resolve("dags/" + prefix + "fanout.yaml"), text.toString());
        Measured measured = runDags(weir, List.of(prefix + "fanout"));

        ExecutorService pool = Executors.newFixedThreadPool(options.parallelism());
        long start = System.nanoTime();
        List<Future<Integer>> exits = new ArrayList<>();
        for (int task = 0; task < options.commandTasks(); task++) {
            exits.add(pool.submit(() -> new ProcessBuilder("/bin/true").start().waitFor()));
        }
        for (Future<Integer> exit : exits) {
            try {
                exit.get();
            } catch (Exception e) {
                throw new IllegalStateException("The baseline could not run /bin/true", e);
            }
        }
        double baselineSeconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        String workload = "2: " + options.commandTasks() + " `true` commands, fan-out";
        return List.of(
                new Row(workload, "wall time", measured.seconds(), baselineSeconds, "s"),
                new Row(
                        workload,
                        "throughput",
                        options.commandTasks() / measured.seconds(),
                        options.commandTasks() / baselineSeconds,
                        "tasks/s"));
    }

    private record Measured(double seconds, Map<String, List<TaskInstanceRecord>> instancesByRun) {}

    /** Triggers one run of each DAG, runs a scheduler until they all finished, and times it. */
    private Measured runDags(Weir weir, List<String> dagIds) {
        int runs = dagIds.size();
        weir.dagBag().refresh();
        if (!weir.dagBag().errors().isEmpty()) {
            throw new WeirException(
                    ErrorCode.DAG_INVALID,
                    "The benchmark's DAG files in " + weir.projectDir().resolve("dags") + " do not load: "
                            + weir.dagBag().errors().get(0));
        }
        Path project = weir.projectDir();
        CountDownLatch finished = new CountDownLatch(runs);
        List<DagRunRecord> failed = Collections.synchronizedList(new ArrayList<>());
        Scheduler scheduler = weir.scheduler(new SchedulerListener() {
            @Override
            public void runFinished(DagRunRecord run) {
                if (run.state() != DagRunState.SUCCESS) {
                    failed.add(run);
                }
                finished.countDown();
            }
        });
        scheduler.start();
        Thread loop = new Thread(scheduler::run, "weir-bench-scheduler");
        long start = System.nanoTime();
        for (String dagId : dagIds) {
            weir.trigger(dagId, LOGICAL_DATE, null);
        }
        scheduler.runsChanged();
        loop.start();
        try {
            if (!finished.await(10, TimeUnit.MINUTES)) {
                throw new WeirException(
                        ErrorCode.TASK_TIMEOUT,
                        "The benchmark's runs did not finish within 10 minutes; their task logs are under "
                                + project.resolve(".weir/logs"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        scheduler.close();
        try {
            loop.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!failed.isEmpty()) {
            DagRunRecord first = failed.get(0);
            throw new WeirException(
                    ErrorCode.TASK_FAILED,
                    failed.size() + " benchmark run(s) did not succeed, the first " + first.dagId() + " "
                            + first.runId() + " (" + first.state().label() + "); its task logs are under "
                            + project.resolve(".weir/logs"));
        }
        Map<String, List<TaskInstanceRecord>> byRun = weir.store().inTransaction(session -> {
            Map<String, List<TaskInstanceRecord>> result = new HashMap<>();
            for (String dagId : dagIds) {
                for (DagRunRecord run : session.runs().list(dagId, null, 10, 0)) {
                    result.put(
                            dagId + "/" + run.runId(), session.taskInstances().forRun(dagId, run.runId()));
                }
            }
            return result;
        });
        return new Measured(seconds, byRun);
    }

    private Path newProject(String name) {
        try {
            Path project = Files.createTempDirectory(workDir, "bench-" + name + "-");
            Files.createDirectories(project.resolve("dags"));
            return project;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double percentile(List<Double> sorted, double fraction) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(fraction * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
