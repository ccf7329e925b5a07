package io.weir.web.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.weir.engine.log.SecretMasker;
import io.weir.store.DagRunRecord;
import io.weir.store.XComRecord;
import io.weir.web.WebApp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code .../taskInstances/{task_id}/xcomEntries}: the values tasks returned, {@code ~} for any DAG, run or task.
 * A value under a key that looks secret, and any field of a JSON value whose name looks secret, reads {@code ***}.
 */
final class XComApi {
    private final WebApp app;
    private final RunsApi runs;

    XComApi(WebApp app, RunsApi runs) {
        this.app = app;
        this.runs = runs;
    }

    void list(Context ctx) {
        String dagId = wildcard(ctx.pathParam("dag_id"));
        String runId = wildcard(ctx.pathParam("dag_run_id"));
        String taskId = wildcard(ctx.pathParam("task_id"));
        if (runId != null && dagId == null) {
            throw ApiProblem.badRequest("A dag_run_id needs a dag_id; give both or ~ for both");
        }
        if (runId != null) {
            runs.requireRun(dagId, runId);
        }
        int limit = Params.intParam(ctx, "limit", Page.DEFAULT_LIMIT);
        int offset = Params.intParam(ctx, "offset", 0);
        new Page(limit, offset, "key", false);
        var found = app.weir()
                .store()
                .inTransaction(session -> Map.entry(
                        session.xcoms().list(dagId, runId, taskId, limit, offset),
                        session.xcoms().count(dagId, runId, taskId)));
        Map<String, Instant> logicalDates = new HashMap<>();
        List<Map<String, Object>> items = new ArrayList<>();
        for (XComRecord xcom : found.getKey()) {
            items.add(entry(xcom, logicalDate(logicalDates, xcom)));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("xcom_entries", items);
        json.put("total_entries", found.getValue());
        ctx.result(ApiJson.bytes(json)).contentType("application/json");
    }

    void get(Context ctx) {
        DagRunRecord run = runs.requireRun(ctx.pathParam("dag_id"), ctx.pathParam("dag_run_id"));
        String taskId = ctx.pathParam("task_id");
        String key = ctx.pathParam("xcom_key");
        XComRecord xcom = app.weir()
                .store()
                .inTransaction(session -> session.xcoms().get(run.dagId(), run.runId(), taskId, key))
                .orElseThrow(() -> ApiProblem.notFound(
                        "XCom entry not found",
                        "XCom entry " + key + " of task " + taskId + " in DAG " + run.dagId() + " run " + run.runId()
                                + " not found"));
        Map<String, Object> json = entry(xcom, run.logicalDate());
        json.put("value", masked(xcom.key(), xcom.valueJson()));
        ctx.result(ApiJson.bytes(json)).contentType("application/json");
    }

    private Instant logicalDate(Map<String, Instant> known, XComRecord xcom) {
        return known.computeIfAbsent(
                xcom.dagId() + '\0' + xcom.runId(),
                ignored -> runs.requireRun(xcom.dagId(), xcom.runId()).logicalDate());
    }

    private static Map<String, Object> entry(XComRecord xcom, Instant logicalDate) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("key", xcom.key());
        json.put("timestamp", ApiJson.timestamp(xcom.timestamp()));
        json.put("execution_date", ApiJson.timestamp(logicalDate));
        json.put("map_index", -1);
        json.put("task_id", xcom.taskId());
        json.put("dag_id", xcom.dagId());
        return json;
    }

    /** The value as text, as Airflow gives it, with secrets masked. */
    static String masked(String key, String valueJson) {
        if (valueJson == null) {
            return null;
        }
        if (SecretMasker.looksSecret(key)) {
            return ApiJson.MASK;
        }
        try {
            JsonNode value = ApiJson.mapper().readTree(valueJson);
            if (value.isTextual()) {
                return value.textValue();
            }
            return ApiJson.write(mask(value));
        } catch (JsonProcessingException e) {
            return valueJson;
        }
    }

    private static JsonNode mask(JsonNode value) {
        if (value.isObject()) {
            ObjectNode copy = ApiJson.mapper().createObjectNode();
            value.fields()
                    .forEachRemaining(field -> copy.set(
                            field.getKey(),
                            SecretMasker.looksSecret(field.getKey())
                                    ? copy.textNode(ApiJson.MASK)
                                    : mask(field.getValue())));
            return copy;
        }
        if (value.isArray()) {
            var copy = ApiJson.mapper().createArrayNode();
            value.forEach(item -> copy.add(mask(item)));
            return copy;
        }
        return value;
    }

    private static String wildcard(String id) {
        return id.equals("~") ? null : id;
    }
}
