package io.weir.web.ui;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.weir.core.WeirException;
import io.weir.store.AuditRecord;
import io.weir.store.AuditRepository;
import io.weir.web.WebApp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The audit log: every state-changing action from the UI, the API and the CLI, newest first, filtered and paged. */
public final class AuditPage {
    static final int PAGE = 50;

    private AuditPage() {}

    static void register(JavalinConfig config, WebApp app) {
        config.routes.get("/audit", ctx -> page(ctx, app));
    }

    /** The filter as the form holds it, so the page can show it back. */
    public record Filter(String dagId, String event, String username, String from, String to) {
        public String query(int offset) {
            return "dag_id=" + Pages.encode(dagId) + "&event=" + Pages.encode(event) + "&username="
                    + Pages.encode(username) + "&from=" + Pages.encode(from) + "&to=" + Pages.encode(to) + "&offset="
                    + offset;
        }
    }

    private static void page(Context ctx, WebApp app) {
        Filter form = new Filter(
                Pages.text(ctx, "dag_id"),
                Pages.text(ctx, "event"),
                Pages.text(ctx, "username"),
                Pages.text(ctx, "from"),
                Pages.text(ctx, "to"));
        Instant after;
        Instant before;
        try {
            after = Pages.instant("from date", form.from(), false);
            before = Pages.instant("to date", form.to(), true);
        } catch (WeirException e) {
            Pages.badRequest(ctx, e.getMessage());
            return;
        }
        AuditRepository.Filter filter = new AuditRepository.Filter(
                emptyAsNull(form.dagId()),
                emptyAsNull(form.event()),
                emptyAsNull(form.username()),
                after,
                before == null ? null : before.plusNanos(1));
        int offset = Pages.number(ctx, "offset", 0);
        List<AuditRecord> entries = app.audit().list(filter, PAGE, offset);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("entries", entries);
        parameters.put("filter", form);
        parameters.put("paging", new Paging(offset, PAGE, app.audit().count(filter)));
        Pages.render(ctx, app, "audit.jte", "Audit log", parameters);
    }

    private static String emptyAsNull(String text) {
        return text.isEmpty() ? null : text;
    }
}
