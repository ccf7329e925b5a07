package io.weir.web.api;

import io.javalin.http.Context;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@code limit}, {@code offset} and {@code order_by} of a collection request, as Airflow reads them: limit
 * defaults to 100, order_by names a field, with {@code -} for descending.
 */
public record Page(int limit, int offset, String orderBy, boolean descending) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    public Page {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiProblem.badRequest("limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
        }
        if (offset < 0) {
            throw ApiProblem.badRequest("offset must be 0 or more, not " + offset);
        }
    }

    /** The page a request asks for; {@code defaultOrder} when it names none; a 400 for a field not in {@code allowed}. */
    public static Page of(Context ctx, String defaultOrder, Set<String> allowed) {
        int limit = Params.intParam(ctx, "limit", DEFAULT_LIMIT);
        int offset = Params.intParam(ctx, "offset", 0);
        String order = ctx.queryParam("order_by");
        if (order == null || order.isBlank()) {
            order = defaultOrder;
        }
        boolean descending = order.startsWith("-");
        String field = descending ? order.substring(1) : order;
        if (!allowed.contains(field)) {
            throw ApiProblem.badRequest(
                    "Ordering with '" + field + "' is disallowed or the attribute does not exist; use one of "
                            + String.join(", ", allowed.stream().sorted().toList()));
        }
        return new Page(limit, offset, field, descending);
    }

    /** Sorts {@code items} by the requested field (read by {@code fields}) and cuts out this page. */
    public <T> List<T> apply(List<T> items, Map<String, Function<T, Comparable<?>>> fields) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Function<T, Comparable> key = (Function) fields.get(orderBy);
        @SuppressWarnings("unchecked")
        Comparator<T> comparator = Comparator.comparing(key, Comparator.nullsFirst(Comparator.naturalOrder()));
        if (descending) {
            comparator = comparator.reversed();
        }
        return items.stream().sorted(comparator).skip(offset).limit(limit).toList();
    }
}
