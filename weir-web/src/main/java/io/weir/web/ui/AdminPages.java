package io.weir.web.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.weir.engine.log.SecretMasker;
import io.weir.store.PoolRecord;
import io.weir.store.VariableRecord;
import io.weir.web.WebApp;
import io.weir.web.api.ApiJson;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Admin pages, for the Admin role only: variables (values masked when the key looks secret; import and export as
 * JSON), users and pools. Every change is recorded in the audit log.
 */
public final class AdminPages {
    /** What the pages show instead of a value whose key looks secret. */
    static final String MASK = "***";

    private AdminPages() {}

    static void register(JavalinConfig config, WebApp app) {
        var routes = config.routes;
        routes.get("/admin/variables", ctx -> variables(ctx, app, null));
        routes.get("/admin/variables/edit", ctx -> editVariable(ctx, app));
        routes.post("/admin/variables", ctx -> saveVariable(ctx, app));
        routes.post("/admin/variables/delete", ctx -> deleteVariable(ctx, app));
        routes.get("/admin/variables/export", ctx -> exportVariables(ctx, app));
        routes.post("/admin/variables/import", ctx -> importVariables(ctx, app));
        UserPages.register(config, app);
        routes.get("/admin/pools", ctx -> pools(ctx, app, null));
        routes.post("/admin/pools", ctx -> savePool(ctx, app));
        routes.post("/admin/pools/delete", ctx -> deletePool(ctx, app));
    }

    /** Whether a path is an Admin page (the metrics under /admin are for Prometheus and open). */
    static boolean isAdminPage(String path) {
        return path.startsWith("/admin/") && !path.equals("/admin/metrics");
    }

    /** Answers 403 unless the signed-in user is an Admin; returns whether it did. */
    static boolean refuseNonAdmin(Context ctx, WebApp app) {
        if (Pages.role(ctx, app).canAdminister()) {
            return false;
        }
        ctx.status(HttpStatus.FORBIDDEN)
                .result("Only an Admin may open " + ctx.path() + "; user "
                        + Pages.user(ctx, app).username() + " has role "
                        + Pages.user(ctx, app).role() + ".");
        return true;
    }

    /** A variable as the page shows it: the value masked when the key looks secret. */
    public record VariableRow(String key, String value, String description, boolean masked) {
        static VariableRow of(VariableRecord variable) {
            boolean secret = SecretMasker.looksSecret(variable.key());
            return new VariableRow(
                    variable.key(),
                    secret ? MASK : variable.value(),
                    variable.description() == null ? "" : variable.description(),
                    secret);
        }
    }

    private static void variables(Context ctx, WebApp app, String problem) {
        List<VariableRow> rows = app
                .weir()
                .store()
                .inTransaction(session -> session.variables().list())
                .stream()
                .map(VariableRow::of)
                .toList();
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("variables", rows);
        parameters.put("problem", problem);
        Pages.render(ctx, app, "admin_variables.jte", "Variables", parameters);
    }

    private static void editVariable(Context ctx, WebApp app) {
        String key = Pages.text(ctx, "key");
        Optional<VariableRecord> found = key.isEmpty()
                ? Optional.empty()
                : app.weir().store().inTransaction(session -> session.variables()
                        .get(key));
        VariableRow row = found.map(VariableRow::of).orElse(new VariableRow(key, "", "", false));
        Pages.render(
                ctx,
                app,
                "admin_variable.jte",
                found.isPresent() ? "Edit variable " + key : "New variable",
                Map.of("variable", row, "exists", found.isPresent()));
    }

    private static void saveVariable(Context ctx, WebApp app) {
        String key = Pages.text(ctx, "key");
        String value = ctx.formParam("value");
        if (key.isEmpty()) {
            ctx.status(HttpStatus.BAD_REQUEST);
            variables(ctx, app, "A variable needs a key.");
            return;
        }
        Optional<VariableRecord> existing =
                app.weir().store().inTransaction(session -> session.variables().get(key));
        if ((value == null || value.isEmpty()) && existing.isPresent() && SecretMasker.looksSecret(key)) {
            // The form never shows a secret value; left empty, it keeps the one stored.
            value = existing.get().value();
        }
        String stored = value == null ? "" : value;
        String description = Pages.text(ctx, "description");
        app.weir().store().useTransaction(session -> session.variables()
                .set(key, stored, description.isEmpty() ? null : description));
        app.audit().record(Pages.actor(ctx, app), "variable.set", null, null, null, "key=" + key);
        ctx.redirect("/admin/variables");
    }

    private static void deleteVariable(Context ctx, WebApp app) {
        String key = Pages.text(ctx, "key");
        if (app.weir().store().inTransaction(session -> session.variables().delete(key))) {
            app.audit().record(Pages.actor(ctx, app), "variable.delete", null, null, null, "key=" + key);
        }
        ctx.redirect("/admin/variables");
    }

    /** All variables as one JSON object, key to value, as {@code weir variables export} writes them. */
    private static void exportVariables(Context ctx, WebApp app) {
        Map<String, String> all = new LinkedHashMap<>();
        for (VariableRecord variable :
                app.weir().store().inTransaction(session -> session.variables().list())) {
            all.put(variable.key(), variable.value());
        }
        app.audit().record(Pages.actor(ctx, app), "variable.export", null, null, null, all.size() + " variables");
        ctx.header("Content-Disposition", "attachment; filename=\"variables.json\"")
                .contentType("application/json")
                .result(ApiJson.write(all));
    }

    /** A JSON object of key to value (what export writes) pasted or uploaded; nothing is written if it is not one. */
    private static void importVariables(Context ctx, WebApp app) {
        var upload = ctx.uploadedFile("file");
        String text;
        try {
            text = upload != null && upload.size() > 0
                    ? new String(upload.content().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    : Pages.text(ctx, "json");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        JsonNode json;
        try {
            json = ApiJson.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            ctx.status(HttpStatus.BAD_REQUEST);
            variables(
                    ctx,
                    app,
                    "The import is not JSON (line " + e.getLocation().getLineNr() + "): " + e.getOriginalMessage()
                            + ". Nothing was imported.");
            return;
        }
        if (json == null || !json.isObject()) {
            ctx.status(HttpStatus.BAD_REQUEST);
            variables(ctx, app, "The import must be one JSON object of key to value, as the export writes it.");
            return;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = json.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            values.put(
                    field.getKey(),
                    field.getValue().isTextual()
                            ? field.getValue().asText()
                            : field.getValue().toString());
        }
        app.weir()
                .store()
                .useTransaction(session ->
                        values.forEach((key, value) -> session.variables().set(key, value, null)));
        app.audit().record(Pages.actor(ctx, app), "variable.import", null, null, null, values.size() + " variables");
        ctx.redirect("/admin/variables");
    }

    /** A pool with the slots its queued and running task instances take now. */
    public record PoolRow(String name, int slots, int occupied, String description) {}

    private static void pools(Context ctx, WebApp app, String problem) {
        Map<String, Integer> occupied = app.weir().store().inTransaction(session -> session.taskInstances()
                .occupiedPoolSlots());
        List<PoolRow> rows = app
                .weir()
                .store()
                .inTransaction(session -> session.pools().list())
                .stream()
                .map(pool -> new PoolRow(
                        pool.name(),
                        pool.slots(),
                        occupied.getOrDefault(pool.name(), 0),
                        pool.description() == null ? "" : pool.description()))
                .toList();
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("pools", rows);
        parameters.put("problem", problem);
        Pages.render(ctx, app, "admin_pools.jte", "Pools", parameters);
    }

    private static void savePool(Context ctx, WebApp app) {
        String name = Pages.text(ctx, "name");
        int slots;
        try {
            slots = Integer.parseInt(Pages.text(ctx, "slots"));
        } catch (NumberFormatException e) {
            slots = -1;
        }
        if (name.isEmpty() || slots < 0) {
            ctx.status(HttpStatus.BAD_REQUEST);
            pools(ctx, app, "A pool needs a name and a number of slots (0 or more).");
            return;
        }
        String description = Pages.text(ctx, "description");
        PoolRecord pool = new PoolRecord(name, slots, description.isEmpty() ? null : description);
        app.weir().store().useTransaction(session -> session.pools().upsert(pool));
        app.audit().record(Pages.actor(ctx, app), "pool.update", null, null, null, "name=" + name + " slots=" + slots);
        ctx.redirect("/admin/pools");
    }

    private static void deletePool(Context ctx, WebApp app) {
        String name = Pages.text(ctx, "name");
        if (name.equals("default_pool")) {
            ctx.status(HttpStatus.BAD_REQUEST);
            pools(ctx, app, "default_pool cannot be deleted; set its slots instead.");
            return;
        }
        if (app.weir().store().inTransaction(session -> session.pools().delete(name))) {
            app.audit().record(Pages.actor(ctx, app), "pool.delete", null, null, null, "name=" + name);
        }
        ctx.redirect("/admin/pools");
    }
}
