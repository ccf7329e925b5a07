package io.weir.web.metrics;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import io.weir.core.project.ProjectSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One {@code metrics.xcom} entry of {@code weir.yaml}: which XCom key of which task becomes the gauge
 * {@code weir_xcom_value}. {@code task_id: all} matches every task; a missing {@code dag_id} matches every DAG.
 */
public record XComMetricRule(String dagId, String taskId, String key) {
    public static final String ALL = "all";
    private static final Set<String> FIELDS = Set.of("dag_id", "task_id", "key");

    public XComMetricRule {
        requireNonNull(taskId, "taskId is null");
        requireNonNull(key, "key is null");
    }

    public boolean matches(String dag, String task) {
        return (dagId == null || dagId.equals(dag)) && (taskId.equals(ALL) || taskId.equals(task));
    }

    /** The rules of a project's {@code weir.yaml}; none when it has no {@code metrics.xcom}. */
    public static List<XComMetricRule> load(Path projectDir) {
        Path file = projectDir.resolve(ProjectSettings.FILE_NAME);
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new WeirException(ErrorCode.CONFIGURATION, "Cannot read " + file + ": " + e.getMessage(), e);
        }
        JsonNode xcom = root == null ? null : root.path("metrics").get("xcom");
        if (xcom == null || xcom.isNull()) {
            return List.of();
        }
        if (!xcom.isArray()) {
            throw bad(file, "metrics.xcom must be a list of {task_id, key} entries (dag_id optional)");
        }
        List<XComMetricRule> rules = new ArrayList<>();
        for (int index = 0; index < xcom.size(); index++) {
            JsonNode entry = xcom.get(index);
            String where = "metrics.xcom[" + index + "]";
            if (!entry.isObject()) {
                throw bad(file, where + " must be a mapping such as {task_id: all, key: record_count}");
            }
            entry.fieldNames().forEachRemaining(name -> {
                if (!FIELDS.contains(name)) {
                    throw bad(file, where + " has unknown key '" + name + "'; allowed: dag_id, task_id, key");
                }
            });
            if (!entry.path("task_id").isTextual() || !entry.path("key").isTextual()) {
                throw bad(file, where + " needs task_id (a task id or all) and key, both text");
            }
            JsonNode dag = entry.get("dag_id");
            rules.add(new XComMetricRule(
                    dag == null || dag.isNull() ? null : dag.asText(),
                    entry.get("task_id").asText(),
                    entry.get("key").asText()));
        }
        return List.copyOf(rules);
    }

    private static WeirException bad(Path file, String message) {
        return new WeirException(ErrorCode.CONFIGURATION, file + ": " + message);
    }
}
