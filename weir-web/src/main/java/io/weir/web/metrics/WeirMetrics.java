package io.weir.web.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.weir.core.dag.DagFileError;
import io.weir.core.state.DagRunState;
import io.weir.core.state.TaskState;
import io.weir.engine.Weir;
import io.weir.engine.scheduler.SchedulerListener;
import io.weir.store.DagRecord;
import io.weir.store.DagRunRecord;
import io.weir.store.JobRecord;
import io.weir.store.TaskInstanceRecord;
import io.weir.store.XComRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * Weir's Prometheus metrics. Counts and durations come from the scheduler's events, XCom gauges too (one read of
 * the finished try's XComs, never a scan per scrape): from a scheduler in the same process when there is one (see
 * {@link #fedInProcess()}), else from the web server's store watcher, which reads the same events from the metadata
 * database. The few gauges of current state (queued and running tasks, executor slots, the scheduler's heartbeat)
 * are read from the metadata database when scraped.
 */
public final class WeirMetrics implements SchedulerListener {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<DagRunState> LAST_RUN_STATES = List.of(DagRunState.SUCCESS, DagRunState.FAILED);

    private final Weir weir;
    private final List<XComMetricRule> xcomRules;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicLong importErrors = new AtomicLong();
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong running = new AtomicLong();
    private final AtomicLong openSlots = new AtomicLong();
    private final DoubleAdder heartbeatAge = new DoubleAdder();
    private final Map<String, DoubleAdder> xcomValues = new ConcurrentHashMap<>();
    private final Map<String, LastRun> lastRuns = new ConcurrentHashMap<>();
    private final Timer loopDuration;
    private volatile boolean fedInProcess;

    public WeirMetrics(Weir weir, List<XComMetricRule> xcomRules) {
        this.weir = weir;
        this.xcomRules = List.copyOf(xcomRules);
        Gauge.builder("weir.import.errors", importErrors, AtomicLong::get)
                .description("DAG files that do not load")
                .register(registry);
        Gauge.builder("weir.tasks.queued", queued, AtomicLong::get)
                .description("Task instances queued for an executor")
                .register(registry);
        Gauge.builder("weir.tasks.running", running, AtomicLong::get)
                .description("Task instances running")
                .register(registry);
        Gauge.builder("weir.executor.open.slots", openSlots, AtomicLong::get)
                .description("Tries the installation may still start (parallelism minus running)")
                .register(registry);
        Gauge.builder("weir.scheduler.heartbeat.age", heartbeatAge, DoubleAdder::sum)
                .description("Seconds since the latest scheduler heartbeat (-1 with no scheduler running)")
                .baseUnit("seconds")
                .register(registry);
        loopDuration = Timer.builder("weir.scheduler.loop.duration")
                .description("Duration of one pass of the scheduler loop")
                .serviceLevelObjectives(
                        Duration.ofMillis(5),
                        Duration.ofMillis(25),
                        Duration.ofMillis(100),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(10))
                .register(registry);
        importErrors.set(weir.dagBag().errors().size());
        for (DagRecord dag :
                weir.store().inTransaction(session -> session.dags().list())) {
            weir.store().inTransaction(session -> session.runs().list(dag.dagId(), null, 1, 0)).stream()
                    .filter(run -> run.state().isFinished())
                    .findFirst()
                    .ifPresent(this::recordLastRun);
        }
    }

    /**
     * Notes that a scheduler in this process tells these metrics its events from now on, so the store watcher stops
     * telling them the same finishes a second time.
     */
    public void feedFromSchedulerInProcess() {
        fedInProcess = true;
    }

    /** Whether a scheduler in this process feeds these metrics (else the store watcher does). */
    public boolean fedInProcess() {
        return fedInProcess;
    }

    @Override
    public void taskFinished(TaskInstanceRecord instance) {
        countFinish(instance);
        Double seconds = instance.durationSeconds();
        if (seconds != null) {
            Timer.builder("weir.task.duration")
                    .description("Duration of finished tries")
                    .tags("dag_id", instance.dagId(), "task_id", instance.taskId())
                    .register(registry)
                    .record(Duration.ofMillis(Math.round(seconds * 1000)));
        }
        if (instance.state() == TaskState.SUCCESS) {
            recordXComs(instance);
        }
    }

    @Override
    public void taskDecided(TaskInstanceRecord instance) {
        countFinish(instance);
    }

    @Override
    public void runFinished(DagRunRecord run) {
        if (run.startDate() != null && run.endDate() != null) {
            DistributionSummary.builder("weir.dag.run.duration")
                    .description("Duration of finished DAG runs")
                    .baseUnit("seconds")
                    .tags("dag_id", run.dagId(), "state", state(run.state()))
                    .serviceLevelObjectives(1, 10, 60, 300, 900, 1800, 3600, 7200, 21600)
                    .register(registry)
                    .record(Duration.between(run.startDate(), run.endDate()).toMillis() / 1000.0);
        }
        recordLastRun(run);
    }

    @Override
    public void loopFinished(Duration took) {
        loopDuration.record(took);
    }

    @Override
    public void importErrorsChanged(List<DagFileError> errors) {
        importErrors.set(errors.size());
    }

    /** The Prometheus text format, with the current-state gauges read now. */
    public String scrape() {
        refreshCurrentState();
        return registry.scrape();
    }

    private void countFinish(TaskInstanceRecord instance) {
        Counter.builder("weir.task.finishes")
                .description("Task instances that finished, by state")
                .tags("dag_id", instance.dagId(), "task_id", instance.taskId(), "state", state(instance.state()))
                .register(registry)
                .increment();
    }

    private void recordLastRun(DagRunRecord run) {
        LastRun last = lastRuns.computeIfAbsent(run.dagId(), dagId -> {
            LastRun created = new LastRun(new AtomicLong(-1), new DoubleAdder());
            for (DagRunState state : LAST_RUN_STATES) {
                Gauge.builder("weir.dag.last.run", created.state(), value -> value.get() == state.ordinal() ? 1 : 0)
                        .description("1 for the state of the DAG's latest finished run")
                        .tags("dag_id", dagId, "state", state(state))
                        .register(registry);
            }
            Gauge.builder("weir.dag.last.run.end", created.endSeconds(), DoubleAdder::sum)
                    .description("When the DAG's latest finished run ended, in seconds since the epoch")
                    .baseUnit("seconds")
                    .tags("dag_id", dagId)
                    .register(registry);
            return created;
        });
        synchronized (last) {
            last.state().set(run.state().ordinal());
            Instant end = run.endDate() == null ? Instant.now() : run.endDate();
            last.endSeconds().reset();
            last.endSeconds().add(end.toEpochMilli() / 1000.0);
        }
    }

    private void recordXComs(TaskInstanceRecord instance) {
        List<XComMetricRule> rules = xcomRules.stream()
                .filter(rule -> rule.matches(instance.dagId(), instance.taskId()))
                .toList();
        if (rules.isEmpty()) {
            return;
        }
        List<XComRecord> xcoms = weir.store().inTransaction(session -> session.xcoms()
                .forTask(instance.dagId(), instance.runId(), instance.taskId()));
        for (XComMetricRule rule : rules) {
            Double value = valueOf(xcoms, rule.key());
            if (value != null) {
                xcomGauge(instance.dagId(), instance.taskId(), rule.key()).reset();
                xcomGauge(instance.dagId(), instance.taskId(), rule.key()).add(value);
            }
        }
    }

    private DoubleAdder xcomGauge(String dagId, String taskId, String key) {
        return xcomValues.computeIfAbsent(dagId + '\0' + taskId + '\0' + key, ignored -> {
            DoubleAdder value = new DoubleAdder();
            Gauge.builder("weir.xcom.value", value, DoubleAdder::sum)
                    .description("A numeric XCom value of the latest successful try, as weir.yaml's metrics.xcom lists")
                    .tags("dag_id", dagId, "task_id", taskId, "key", key)
                    .register(registry);
            return value;
        });
    }

    /** An XCom stored under {@code key}, or the field {@code key} of the task's returned JSON object. */
    private static Double valueOf(List<XComRecord> xcoms, String key) {
        for (XComRecord xcom : xcoms) {
            JsonNode value = parse(xcom.valueJson());
            if (xcom.key().equals(key) && value != null && value.isNumber()) {
                return value.doubleValue();
            }
        }
        for (XComRecord xcom : xcoms) {
            JsonNode value = parse(xcom.valueJson());
            if (xcom.key().equals("return_value")
                    && value != null
                    && value.path(key).isNumber()) {
                return value.get(key).doubleValue();
            }
        }
        return null;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private void refreshCurrentState() {
        Set<TaskState> active = Set.of(TaskState.QUEUED, TaskState.RUNNING);
        List<TaskInstanceRecord> instances =
                weir.store().inTransaction(session -> session.taskInstances().withStates(active));
        long runningNow =
                instances.stream().filter(i -> i.state() == TaskState.RUNNING).count();
        queued.set(instances.size() - runningNow);
        running.set(runningNow);
        openSlots.set(Math.max(0, weir.settings().parallelism() - runningNow));
        Instant heartbeat = weir.store().inTransaction(session -> session.jobs().running()).stream()
                .filter(job -> job.type().equals("scheduler"))
                .map(JobRecord::latestHeartbeat)
                .max(Instant::compareTo)
                .orElse(null);
        heartbeatAge.reset();
        heartbeatAge.add(
                heartbeat == null
                        ? -1
                        : Duration.between(heartbeat, weir.services().clock().instant())
                                        .toMillis()
                                / 1000.0);
    }

    private static String state(Enum<?> state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    private record LastRun(AtomicLong state, DoubleAdder endSeconds) {}
}
