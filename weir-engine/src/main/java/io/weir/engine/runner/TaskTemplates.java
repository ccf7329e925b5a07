package io.weir.engine.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.core.dag.Dag;
import io.weir.core.dag.TaskSpec;
import io.weir.core.template.TemplateContext;
import io.weir.core.template.VariableLookup;
import io.weir.engine.EngineServices;
import io.weir.store.DagRunRecord;
import io.weir.store.VariableRecord;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a task's templated keys see for one try of one run: the one place that builds it, for the runner rendering a
 * try's parameters and for the pages that show them rendered.
 */
public final class TaskTemplates {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TaskTemplates() {}

    /**
     * The template context of try {@code tryNumber} of {@code task} in {@code run}; {@code variables} answers
     * {@code var.value}. The previous successful run and the run's conf are read only when a template names them.
     */
    public static TemplateContext context(
            EngineServices services,
            Dag dag,
            DagRunRecord run,
            TaskSpec task,
            int tryNumber,
            VariableLookup variables) {
        Instant prevSuccessEnd = null;
        if (mentions(task.params(), "prev_data_interval_end_success")) {
            prevSuccessEnd = services.store()
                    .inTransaction(session -> session.runs().previousSuccessful(dag.dagId(), run.logicalDate()))
                    .map(previous -> previous.dataInterval().end())
                    .orElse(null);
        }
        return new TemplateContext(
                dag.dagId(),
                task.taskId(),
                run.runId(),
                run.logicalDate(),
                run.dataInterval(),
                prevSuccessEnd,
                tryNumber,
                mentions(task.params(), "conf") ? conf(run) : Map.of(),
                dag.params(),
                variables);
    }

    /** Where a rendering error of {@code key} is reported. */
    public static String where(Dag dag, TaskSpec task, String key) {
        return "DAG " + dag.dagId() + ", task " + task.taskId() + ", key " + key;
    }

    /** A Weir variable: {@code WEIR_VAR_<KEY>} from the environment first, then the metadata DB. */
    public static Optional<String> variable(EngineServices services, String key) {
        String override = services.environment().get("WEIR_VAR_" + key.toUpperCase(Locale.ROOT));
        if (override != null) {
            return Optional.of(override);
        }
        return services.store()
                .inTransaction(session -> session.variables().get(key))
                .map(VariableRecord::value);
    }

    /** Whether a template among these values names {@code word}; only then is it worth a query. */
    private static boolean mentions(Object value, String word) {
        if (value instanceof String text) {
            return text.contains(word);
        }
        if (value instanceof Map<?, ?> map) {
            return map.values().stream().anyMatch(item -> mentions(item, word));
        }
        if (value instanceof Collection<?> items) {
            return items.stream().anyMatch(item -> mentions(item, word));
        }
        return false;
    }

    private static Map<String, Object> conf(DagRunRecord run) {
        if (run.conf() == null || run.conf().isBlank()) {
            return Map.of();
        }
        try {
            return JSON.readValue(run.conf(), new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }
}
