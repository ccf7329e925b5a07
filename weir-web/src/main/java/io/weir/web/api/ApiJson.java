package io.weir.web.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.core.dag.Dag;
import io.weir.core.dag.TaskSpec;
import io.weir.engine.log.SecretMasker;
import io.weir.store.AuditRecord;
import io.weir.store.DagRecord;
import io.weir.store.DagRunRecord;
import io.weir.store.ImportErrorRecord;
import io.weir.store.PoolRecord;
import io.weir.store.TaskInstanceRecord;
import io.weir.store.UserRecord;
import io.weir.store.VariableRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;

/** Weir's records as Airflow 2's stable API names their JSON fields. */
public final class ApiJson {
    /** What a secret value reads as, as in the task logs. */
    public static final String MASK = SecretMasker.MASK;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ApiJson() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** ISO-8601 in UTC with an explicit offset, as Airflow writes it: {@code 2024-01-01T00:00:00+00:00}. */
    public static String timestamp(Instant instant) {
        if (instant == null) {
            return null;
        }
        return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC))
                + "+00:00";
    }

    public static Map<String, Object> dag(DagRecord dag, Dag parsed, boolean hasImportErrors) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("dag_id", dag.dagId());
        json.put("root_dag_id", null);
        json.put("is_paused", dag.paused());
        json.put("is_active", dag.active());
        json.put("is_subdag", false);
        json.put("last_parsed_time", timestamp(dag.lastParsed()));
        json.put("fileloc", dag.fileloc());
        json.put("file_token", dag.fileloc());
        json.put("owners", parsed == null ? List.of() : parsed.owners());
        json.put("description", dag.description());
        json.put("schedule_interval", scheduleInterval(dag.schedule()));
        json.put("timetable_description", dag.schedule());
        json.put("tags", dag.tags().stream().map(tag -> Map.of("name", tag)).toList());
        json.put("max_active_tasks", parsed == null ? null : parsed.maxActiveTasks());
        json.put("max_active_runs", parsed == null ? null : parsed.maxActiveRuns());
        json.put("has_task_concurrency_limits", false);
        json.put("has_import_errors", hasImportErrors);
        json.put("default_view", "grid");
        return json;
    }

    private static Map<String, Object> scheduleInterval(String schedule) {
        if (schedule == null) {
            return null;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("__type", "CronExpression");
        json.put("value", schedule);
        return json;
    }

    public static Map<String, Object> dagDetails(DagRecord dag, Dag parsed, boolean hasImportErrors) {
        Map<String, Object> json = dag(dag, parsed, hasImportErrors);
        if (parsed != null) {
            json.put("catchup", parsed.catchup());
            json.put("start_date", timestamp(parsed.startDate()));
            json.put("end_date", timestamp(parsed.endDate()));
            json.put("timezone", parsed.timezone().getId());
            json.put("params", parsed.params());
            json.put("is_paused_upon_creation", null);
            json.put("orientation", "LR");
            json.put("concurrency", parsed.maxActiveTasks());
            json.put("dag_run_timeout", null);
            json.put("doc_md", parsed.description());
            json.put("render_template_as_native_obj", false);
        }
        return json;
    }

    public static Map<String, Object> task(Dag dag, TaskSpec task) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("task_id", task.taskId());
        json.put("class_ref", Map.of("module_path", "weir", "class_name", task.type()));
        json.put("operator_name", task.type());
        json.put("owner", task.owner() == null ? "" : task.owner());
        json.put("start_date", timestamp(dag.startDate()));
        json.put("end_date", timestamp(dag.endDate()));
        json.put("trigger_rule", task.triggerRule().name().toLowerCase(Locale.ROOT));
        json.put("depends_on_past", task.dependsOnPast());
        json.put("wait_for_downstream", task.waitForDownstream());
        json.put("retries", task.retries());
        json.put("queue", "default");
        json.put("pool", task.pool());
        json.put("pool_slots", task.poolSlots());
        json.put("execution_timeout", timeDelta(task.executionTimeout()));
        json.put("retry_delay", timeDelta(task.retryDelay()));
        json.put("retry_exponential_backoff", task.retryExponentialBackoff());
        json.put("priority_weight", task.priorityWeight());
        json.put("weight_rule", "downstream");
        json.put("ui_color", "#e8f7e4");
        json.put("ui_fgcolor", "#000");
        json.put("template_fields", List.copyOf(task.params().keySet()));
        json.put("is_mapped", false);
        json.put("downstream_task_ids", dag.downstream().getOrDefault(task.taskId(), List.of()));
        return json;
    }

    private static Map<String, Object> timeDelta(java.time.Duration duration) {
        if (duration == null) {
            return null;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("__type", "TimeDelta");
        json.put("days", duration.toDaysPart());
        json.put("seconds", (int) (duration.getSeconds() % 86_400));
        json.put("microseconds", duration.toNanosPart() / 1000);
        return json;
    }

    public static Map<String, Object> dagRun(DagRunRecord run) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("dag_run_id", run.runId());
        json.put("dag_id", run.dagId());
        json.put("logical_date", timestamp(run.logicalDate()));
        json.put("execution_date", timestamp(run.logicalDate()));
        json.put("start_date", timestamp(run.startDate()));
        json.put("end_date", timestamp(run.endDate()));
        json.put("data_interval_start", timestamp(run.dataInterval().start()));
        json.put("data_interval_end", timestamp(run.dataInterval().end()));
        json.put("last_scheduling_decision", null);
        json.put("run_type", run.runType().name().toLowerCase(Locale.ROOT));
        json.put("state", run.state().name().toLowerCase(Locale.ROOT));
        json.put("external_trigger", run.externalTrigger());
        json.put("conf", parseObject(run.conf()));
        json.put("note", null);
        return json;
    }

    public static Map<String, Object> taskInstance(TaskInstanceRecord instance, Instant logicalDate) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("task_id", instance.taskId());
        json.put("dag_id", instance.dagId());
        json.put("dag_run_id", instance.runId());
        json.put("execution_date", timestamp(logicalDate));
        json.put("start_date", timestamp(instance.startDate()));
        json.put("end_date", timestamp(instance.endDate()));
        json.put("duration", instance.durationSeconds());
        json.put("state", stateName(instance));
        json.put("try_number", instance.tryNumber());
        json.put("map_index", -1);
        json.put("max_tries", instance.maxTries());
        json.put("hostname", instance.hostname() == null ? "" : instance.hostname());
        json.put("unixname", "");
        json.put("pool", instance.pool());
        json.put("pool_slots", instance.poolSlots());
        json.put("queue", "default");
        json.put("priority_weight", instance.priorityWeight());
        json.put("operator", instance.operator());
        json.put("queued_when", timestamp(instance.queuedAt()));
        json.put("pid", instance.pid());
        json.put("executor_config", "{}");
        json.put("sla_miss", null);
        json.put("rendered_fields", Map.of());
        json.put("trigger", null);
        json.put("triggerer_job", null);
        json.put("note", null);
        return json;
    }

    /** Airflow writes a task instance that has no state yet as null. */
    private static String stateName(TaskInstanceRecord instance) {
        String name = instance.state().name().toLowerCase(Locale.ROOT);
        return name.equals("none") ? null : name;
    }

    public static Map<String, Object> variable(VariableRecord variable, boolean withValue) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("key", variable.key());
        if (withValue) {
            json.put("value", SecretMasker.looksSecret(variable.key()) ? MASK : variable.value());
        }
        json.put("description", variable.description());
        return json;
    }

    public static Map<String, Object> pool(PoolRecord pool, int occupied) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", pool.name());
        json.put("slots", pool.slots());
        json.put("occupied_slots", occupied);
        json.put("running_slots", occupied);
        json.put("queued_slots", 0);
        json.put("scheduled_slots", 0);
        json.put("deferred_slots", 0);
        json.put("open_slots", Math.max(0, pool.slots() - occupied));
        json.put("description", pool.description());
        json.put("include_deferred", false);
        return json;
    }

    /**
     * An import error's id: stable for as long as the file fails at the same place, whatever else is added or fixed
     * (a hash of file, line and column, as a positive 31-bit number).
     */
    public static int importErrorId(ImportErrorRecord error) {
        CRC32 crc = new CRC32();
        crc.update((error.file() + ':' + error.line() + ':' + error.column()).getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() & 0x7fffffff);
    }

    public static Map<String, Object> importError(ImportErrorRecord error) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("import_error_id", importErrorId(error));
        json.put("timestamp", timestamp(error.timestamp()));
        json.put("filename", error.file());
        json.put("stack_trace", error.file() + ":" + error.line() + ":" + error.column() + ": " + error.message());
        return json;
    }

    public static Map<String, Object> eventLog(AuditRecord entry) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("event_log_id", entry.id());
        json.put("when", timestamp(entry.when()));
        json.put("dag_id", entry.dagId());
        json.put("task_id", entry.taskId());
        json.put("run_id", entry.runId());
        json.put("map_index", null);
        json.put("try_number", null);
        json.put("event", entry.event());
        json.put("execution_date", null);
        json.put("owner", entry.username());
        json.put("extra", entry.extra());
        json.put("origin", entry.origin());
        json.put("address", entry.address());
        return json;
    }

    public static Map<String, Object> user(UserRecord user) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("username", user.username());
        json.put("email", user.email());
        json.put("first_name", user.firstName());
        json.put("last_name", user.lastName());
        json.put("roles", List.of(Map.of("name", user.role())));
        json.put("active", true);
        json.put("created_on", timestamp(user.createdAt()));
        json.put("last_login", timestamp(user.lastLogin()));
        return json;
    }

    private static JsonNode parseObject(String json) {
        try {
            return MAPPER.readTree(json == null || json.isBlank() ? "{}" : json);
        } catch (JsonProcessingException e) {
            return MAPPER.createObjectNode();
        }
    }

    /** {@code value} as UTF-8 JSON, written straight to bytes: a response body needs no string in between. */
    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
