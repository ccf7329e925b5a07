package io.weir.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.weir.store.AuditRecord;
import io.weir.store.AuditRepository;
import io.weir.store.ImportErrorRecord;
import io.weir.store.JobRecord;
import io.weir.store.PoolRecord;
import io.weir.store.UserRecord;
import io.weir.store.VariableRecord;
import io.weir.web.WebApp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Health and version, variables, pools, import errors, the event log (audit log) and users. */
final class AdminApi {
    /** A scheduler whose heartbeat is older than this is reported unhealthy. */
    private static final Duration SCHEDULER_HEALTH = Duration.ofSeconds(30);

    private static final Map<String, Function<VariableRecord, Comparable<?>>> VARIABLE_ORDER =
            Map.of("key", VariableRecord::key);
    private static final Map<String, Function<PoolRecord, Comparable<?>>> POOL_ORDER =
            Map.of("name", PoolRecord::name, "slots", PoolRecord::slots);
    private static final Map<String, Function<ImportErrorRecord, Comparable<?>>> IMPORT_ERROR_ORDER = Map.of(
            "filename",
            ImportErrorRecord::file,
            "timestamp",
            ImportErrorRecord::timestamp,
            "import_error_id",
            ApiJson::importErrorId);
    /** Airflow's sortable event log fields (execution_date is not kept, so not sortable) and their columns. */
    private static final Map<String, AuditRepository.Order> EVENT_LOG_ORDER = Map.of(
            "event_log_id", AuditRepository.Order.ID,
            "when", AuditRepository.Order.WHEN,
            "dag_id", AuditRepository.Order.DAG_ID,
            "task_id", AuditRepository.Order.TASK_ID,
            "run_id", AuditRepository.Order.RUN_ID,
            "event", AuditRepository.Order.EVENT,
            "owner", AuditRepository.Order.OWNER,
            "extra", AuditRepository.Order.EXTRA);

    private static final Map<String, Function<UserRecord, Comparable<?>>> USER_ORDER =
            Map.of("username", UserRecord::username, "email", UserRecord::email, "created_on", UserRecord::createdAt);

    private final WebApp app;

    AdminApi(WebApp app) {
        this.app = app;
    }

    void health(Context ctx) {
        Map<String, Object> json = new LinkedHashMap<>();
        Instant heartbeat = null;
        boolean databaseHealthy;
        try {
            heartbeat = app
                    .weir()
                    .store()
                    .inTransaction(session -> session.jobs().running())
                    .stream()
                    .filter(job -> job.type().equals("scheduler"))
                    .map(JobRecord::latestHeartbeat)
                    .max(Instant::compareTo)
                    .orElse(null);
            databaseHealthy = true;
        } catch (RuntimeException e) {
            databaseHealthy = false;
        }
        json.put("metadatabase", Map.of("status", databaseHealthy ? "healthy" : "unhealthy"));
        Map<String, Object> scheduler = new LinkedHashMap<>();
        Instant now = app.weir().services().clock().instant();
        boolean schedulerHealthy =
                heartbeat != null && heartbeat.plus(SCHEDULER_HEALTH).isAfter(now);
        scheduler.put("status", schedulerHealthy ? "healthy" : "unhealthy");
        scheduler.put("latest_scheduler_heartbeat", ApiJson.timestamp(heartbeat));
        json.put("scheduler", scheduler);
        ctx.result(ApiJson.bytes(json)).contentType("application/json");
    }

    void version(Context ctx) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", app.version());
        json.put("git_version", null);
        ctx.result(ApiJson.bytes(json)).contentType("application/json");
    }

    void variables(Context ctx) {
        Page page = Page.of(ctx, "key", VARIABLE_ORDER.keySet());
        List<VariableRecord> all =
                app.weir().store().inTransaction(session -> session.variables().list());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(
                "variables",
                page.apply(all, VARIABLE_ORDER).stream()
                        .map(variable -> ApiJson.variable(variable, true))
                        .toList());
        json.put("total_entries", all.size());
        ctx.result(ApiJson.bytes(json)).contentType("application/json");
    }

    void variable(Context ctx) {
        VariableRecord variable = requireVariable(ctx.pathParam("variable_key"));
        ctx.result(ApiJson.bytes(ApiJson.variable(variable, true))).contentType("application/json");
    }

    void createVariable(Context ctx) {
        JsonNode body = Bodies.object(ctx);
        String key = Bodies.text(body, "key");
        String value = Bodies.text(body, "value");
        if (key == null || key.isBlank() || value == null) {
            throw ApiProblem.badRequest("A variable needs a non-empty key and a value");
        }
        String description = Bodies.text(body, "description");
        app.weir().store().useTransaction(session -> session.variables().set(key, value, description));
        app.audit().record(Access.actor(ctx), "variable.set", null, null, null, "key=" + key);
        ctx.result(ApiJson.bytes(ApiJson.variable(new VariableRecord(key, value, description), true)))
                .contentType("application/json");
    }

    void patchVariable(Context ctx) {
        String key = ctx.pathParam("variable_key");
        VariableRecord existing = requireVariable(key);
        JsonNode body = Bodies.object(ctx);
        String bodyKey = Bodies.text(body, "key");
        if (bodyKey != null && !bodyKey.equals(key)) {
            throw ApiProblem.badRequest("The key in the body (" + bodyKey + ") differs from the one in the path (" + key
                    + "); a variable cannot be renamed");
        }
        String value = body.has("value") ? Bodies.text(body, "value") : existing.value();
        if (value == null) {
            throw ApiProblem.badRequest("value must be a string");
        }
        String description = body.has("description") ? Bodies.text(body, "description") : existing.description();
        app.weir().store().useTransaction(session -> session.variables().set(key, value, description));
        app.audit().record(Access.actor(ctx), "variable.set", null, null, null, "key=" + key);
        ctx.result(ApiJson.bytes(ApiJson.variable(new VariableRecord(key, value, description), true)))
                .contentType("application/json");
    }

    void deleteVariable(Context ctx) {
        String key = ctx.pathParam("variable_key");
        if (!app.weir().store().inTransaction(session -> session.variables().delete(key))) {
            throw variableNotFound(key);
        }
        app.audit().record(Access.actor(ctx), "variable.delete", null, null, null, "key=" + key);
        ctx.status(204);
    }

    private VariableRecord requireVariable(String key) {
        return app.weir()
                .store()
                .inTransaction(session -> session.variables().get(key))
                .orElseThrow(() -> variableNotFound(key));
    }

    private static ApiProblem variableNotFound(String key) {
        return ApiProblem.notFound("Variable not found", "Variable with key: '" + key + "' not found");
    }

    void pools(Context ctx) {
        Page page = Page.of(ctx, "name", POOL_ORDER.keySet());
        List<PoolRecord> all =
                app.weir().store().inTransaction(session -> session.pools().list());
        Map<String, Integer> occupied = app.weir().store().inTransaction(session -> session.taskInstances()
                .occupiedPoolSlots());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(
                "pools",
                page.apply(all, POOL_ORDER).stream()
                        .map(pool -> ApiJson.pool(pool, occupied.getOrDefault(pool.name(), 0)))
                        .toList());
        json.put("total_entries", all.size());
        ctx.result(ApiJson.bytes(json)).contentType("application/json");
    }

    void pool(Context ctx) {
        PoolRecord pool = requirePool(ctx.pathParam("pool_name"));
        respondPool(ctx, pool);
    }

    void createPool(Context ctx) {
        JsonNode body = Bodies.object(ctx);
        String name = Bodies.text(body, "name");
        JsonNode slots = body.get("slots");
        if (name == null || name.isBlank() || slots == null || !slots.canConvertToInt() || slots.intValue() < 0) {
            throw ApiProblem.badRequest("A pool needs a non-empty name and slots, a whole number 0 or more");
        }
        if (app.weir()
                .store()
                .inTransaction(session -> session.pools().find(name))
                .isPresent()) {
            throw ApiProblem.conflict("Pool: " + name + " already exists");
        }
        PoolRecord pool = new PoolRecord(name, slots.intValue(), Bodies.text(body, "description"));
        app.weir().store().useTransaction(session -> session.pools().upsert(pool));
        app.audit().record(Access.actor(ctx), "pool.create", null, null, null, "name=" + name);
        respondPool(ctx, pool);
    }

    void patchPool(Context ctx) {
        PoolRecord existing = requirePool(ctx.pathParam("pool_name"));
        JsonNode body = Bodies.object(ctx);
        String name = Bodies.text(body, "name");
        if (name != null && !name.equals(existing.name())) {
            throw ApiProblem.badRequest("A pool cannot be renamed (" + existing.name() + " to " + name + ")");
        }
        int slots = existing.slots();
        if (body.has("slots")) {
            JsonNode value = body.get("slots");
            if (!value.canConvertToInt() || value.intValue() < 0) {
                throw ApiProblem.badRequest("slots must be a whole number 0 or more");
            }
            slots = value.intValue();
        }
        String description = body.has("description") ? Bodies.text(body, "description") : existing.description();
        PoolRecord pool = new PoolRecord(existing.name(), slots, description);
        app.weir().store().useTransaction(session -> session.pools().upsert(pool));
        app.audit().record(Access.actor(ctx), "pool.update", null, null, null, "name=" + pool.name());
        respondPool(ctx, pool);
    }

    void deletePool(Context ctx) {
        String name = ctx.pathParam("pool_name");
        if (PoolRecord.DEFAULT_POOL.equals(name)) {
            throw ApiProblem.badRequest("Pool " + PoolRecord.DEFAULT_POOL + " cannot be deleted; change its slots");
        }
        if (!app.weir().store().inTransaction(session -> session.pools().delete(name))) {
            throw ApiProblem.notFound("Pool not found", "Pool with name: '" + name + "' not found");
        }
        app.audit().record(Access.actor(ctx), "pool.delete", null, null, null, "name=" + name);
        ctx.status(204);
    }

    private PoolRecord requirePool(String name) {
        return app.weir()
                .store()
                .inTransaction(session -> session.pools().find(name))
                .orElseThrow(() -> ApiProblem.notFound("Pool not found", "Pool with name: '" + name + "' not found"));
    }

    private void respondPool(Context ctx, PoolRecord pool) {
        Map<String, Integer> occupied = app.weir().store().inTransaction(session -> session.taskInstances()
                .occupiedPoolSlots());
        ctx.result(ApiJson.bytes(ApiJson.pool(pool, occupied.getOrDefault(pool.name(), 0))))
                .contentType("application/json");
    }

    void importErrors(Context ctx) {
        Page page = Page.of(ctx, "filename", IMPORT_ERROR_ORDER.keySet());
        List<ImportErrorRecord> all =
                app.weir().store().inTransaction(session -> session.dags().importErrors());
        List<Map<String, Object>> items = new ArrayList<>();
        for (ImportErrorRecord error : page.apply(all, IMPORT_ERROR_ORDER)) {
            items.add(ApiJson.importError(error));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("import_errors", items);
        json.put("total_entries", all.size());
        ctx.result(ApiJson.bytes(json)).contentType("application/json");
    }

    void importError(Context ctx) {
        List<ImportErrorRecord> all =
                app.weir().store().inTransaction(session -> session.dags().importErrors());
        int id;
        try {
            id = Integer.parseInt(ctx.pathParam("import_error_id"));
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest("import_error_id must be an integer");
        }
        ImportErrorRecord error = all.stream()
                .filter(candidate -> ApiJson.importErrorId(candidate) == id)
                .findFirst()
                .orElseThrow(() -> ApiProblem.notFound(
                        "Import error not found", "The ImportError with import_error_id: `" + id + "` was not found"));
        ctx.result(ApiJson.bytes(ApiJson.importError(error))).contentType("application/json");
    }

    void eventLogs(Context ctx) {
        // Newest first unless asked otherwise: what someone reading an audit log looks for.
        Page page = Page.of(ctx, "-when", EVENT_LOG_ORDER.keySet());
        AuditRepository.Filter filter = new AuditRepository.Filter(
                ctx.queryParam("dag_id"),
                ctx.queryParam("event"),
                ctx.queryParam("owner"),
                Params.instantParam(ctx, "after"),
                Params.instantParam(ctx, "before"));
        List<AuditRecord> entries = app.audit()
                .list(filter, EVENT_LOG_ORDER.get(page.orderBy()), page.descending(), page.limit(), page.offset());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("event_logs", entries.stream().map(ApiJson::eventLog).toList());
        json.put("total_entries", app.audit().count(filter));
        ctx.result(ApiJson.bytes(json)).contentType("application/json");
    }

    void eventLog(Context ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("event_log_id"));
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest("event_log_id must be an integer");
        }
        Optional<AuditRecord> entry =
                app.weir().store().inTransaction(session -> session.audit().find(id));
        ctx.result(ApiJson.bytes(ApiJson.eventLog(entry.orElseThrow(() ->
                        ApiProblem.notFound("Event Log not found", "Event Log with id: '" + id + "' not found")))))
                .contentType("application/json");
    }

    void users(Context ctx) {
        Page page = Page.of(ctx, "username", USER_ORDER.keySet());
        List<UserRecord> all = app.accounts().list();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(
                "users", page.apply(all, USER_ORDER).stream().map(ApiJson::user).toList());
        json.put("total_entries", all.size());
        ctx.result(ApiJson.bytes(json)).contentType("application/json");
    }

    void user(Context ctx) {
        String username = ctx.pathParam("username");
        UserRecord user = app.accounts()
                .find(username)
                .orElseThrow(() -> ApiProblem.notFound(
                        "User not found", "The User with username `" + username + "` was not found"));
        ctx.result(ApiJson.bytes(ApiJson.user(user))).contentType("application/json");
    }
}
