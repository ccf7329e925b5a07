package io.weir.web.ui;

import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;

/** The DAGs page's filters: text in the id or description, a tag, the latest run's state; empty matches all. */
public record DagFilter(String text, String tag, String state) {
    public static final List<String> STATES = List.of("success", "failed", "running", "queued", "none");

    static DagFilter of(Context ctx) {
        return new DagFilter(param(ctx, "q"), param(ctx, "tag"), param(ctx, "state"));
    }

    private static String param(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value == null ? "" : value.strip();
    }

    boolean matches(DagRow row) {
        String needle = text.toLowerCase(Locale.ROOT);
        boolean textMatches = needle.isEmpty()
                || row.dagId().toLowerCase(Locale.ROOT).contains(needle)
                || (row.description() != null
                        && row.description().toLowerCase(Locale.ROOT).contains(needle));
        boolean tagMatches = tag.isEmpty() || row.tags().contains(tag);
        String lastState = row.lastRunState() == null ? "none" : row.lastRunState();
        boolean stateMatches = state.isEmpty() || lastState.equals(state);
        return textMatches && tagMatches && stateMatches;
    }
}
