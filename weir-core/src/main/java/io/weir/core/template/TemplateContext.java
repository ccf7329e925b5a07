package io.weir.core.template;

import static java.util.Objects.requireNonNull;

import io.weir.core.schedule.DataInterval;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a template of one task try can refer to, under Airflow's names ({@code ds}, {@code data_interval_start},
 * {@code dag_run.conf}, {@code var.value.NAME}, ...).
 *
 * @param prevDataIntervalEndSuccess the data interval end of the task's previous successful run, or null when there
 *     is none (then {@code prev_data_interval_end_success} renders empty and is false in a condition)
 * @param conf the run's configuration ({@code dag_run.conf}); null means empty
 * @param params the DAG's params; null means empty
 */
public record TemplateContext(
        String dagId,
        String taskId,
        String runId,
        Instant logicalDate,
        DataInterval dataInterval,
        Instant prevDataIntervalEndSuccess,
        int tryNumber,
        Map<String, Object> conf,
        Map<String, Object> params,
        VariableLookup variables) {

    public TemplateContext {
        requireNonNull(dagId, "dagId is null");
        requireNonNull(taskId, "taskId is null");
        requireNonNull(runId, "runId is null");
        requireNonNull(logicalDate, "logicalDate is null");
        requireNonNull(dataInterval, "dataInterval is null");
        requireNonNull(variables, "variables is null");
        // JSON configuration may hold nulls, which Map.copyOf refuses
        conf = conf == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(conf));
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }
}
