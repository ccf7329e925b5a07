package io.weir.extract.http;

import static java.util.Objects.requireNonNull;

import io.weir.warehouse.Dialect;
import io.weir.warehouse.QueryResult;
import io.weir.warehouse.Relation;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.load.LoadMode;
import io.weir.warehouse.load.TableLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * An object's integrity checks, run on the staged rows before they replace the table: {@code min_rows}, the change
 * in rows against the previous load, {@code required_fields} and {@code unique_key}. A failure keeps the table as it
 * was, unless the skip variable lists the object; then the log says what the checks found and that they were
 * skipped.
 */
final class IntegrityCheck implements TableLoader.StagedCheck {
    private final ApiObject object;
    private final Relation target;
    private final ObjectRows rows;
    private final String skipSetting;
    private final boolean skipped;
    private final Consumer<String> log;

    IntegrityCheck(
            ApiObject object,
            Relation target,
            ObjectRows rows,
            String skipSetting,
            boolean skipped,
            Consumer<String> log) {
        this.object = requireNonNull(object, "object is null");
        this.target = requireNonNull(target, "target is null");
        this.rows = requireNonNull(rows, "rows is null");
        this.skipSetting = requireNonNull(skipSetting, "skipSetting is null");
        this.skipped = skipped;
        this.log = requireNonNull(log, "log is null");
    }

    @Override
    public void check(WarehouseSession session, Relation staging, long loaded) {
        List<String> failures = failures(session, staging, loaded);
        if (skipped) {
            log.accept("Object " + object.name() + ": checks skipped because " + skipSetting
                    + " lists it"
                    + (failures.isEmpty()
                            ? "; they would have passed"
                            : "; they found: " + String.join("; ", failures)));
            return;
        }
        if (!failures.isEmpty()) {
            throw new ChecksFailed("Object " + object.name() + " failed its checks: " + String.join("; ", failures)
                    + ". " + target + " is unchanged. If the change is expected, set " + skipSetting
                    + " to " + object.name() + " (a comma-separated list of objects) to load it without the checks,"
                    + " and clear it afterwards");
        }
    }

    private List<String> failures(WarehouseSession session, Relation staging, long loaded) {
        Checks checks = object.checks();
        List<String> failures = new ArrayList<>();
        if (loaded < checks.minRows()) {
            failures.add(String.format(Locale.ROOT, "%,d records, fewer than min_rows %,d", loaded, checks.minRows()));
        }
        Long previous = previousRows(session);
        if (previous != null && previous > 0) {
            double change = Math.abs(loaded - previous) * 100.0 / previous;
            if (change > checks.maxRowChangePercent()) {
                failures.add(String.format(
                        Locale.ROOT,
                        "%,d records against %,d in the previous load, a change of %.1f %%, more than"
                                + " max_row_change_percent %s %%",
                        loaded,
                        previous,
                        change,
                        trim(checks.maxRowChangePercent())));
            }
        }
        rows.missing()
                .forEach((field, count) -> failures.add(String.format(
                        Locale.ROOT,
                        "required field %s is missing or null in %,d records (the first is record %,d)",
                        field,
                        count,
                        rows.firstMissing(field))));
        if (object.mode() == LoadMode.MERGE) {
            failures.addAll(mergeKeyFailures(session, staging, loaded));
        } else if (!checks.uniqueKey().isEmpty()) {
            String repeated = repeatedKeys(session, staging, checks.uniqueKey());
            if (repeated != null) {
                failures.add("unique_key (" + String.join(", ", checks.uniqueKey()) + ") repeats: " + repeated);
            }
        }
        return failures;
    }

    /**
     * A merge's staged rows already keep one row per key (the last read), so repeats show as rows fewer than records;
     * a record without a key would never match a row and pile up.
     */
    private List<String> mergeKeyFailures(WarehouseSession session, Relation staging, long loaded) {
        Dialect dialect = session.dialect();
        List<String> key = object.checks().uniqueKey();
        String shown = "unique_key (" + String.join(", ", key) + ")";
        String anyNull =
                key.stream().map(column -> dialect.quote(column) + " is null").collect(Collectors.joining(" or "));
        List<Object> counts = session.query(
                        "select count(*), count(case when " + anyNull + " then 1 end) from " + staging.render(dialect))
                .rows()
                .get(0);
        long kept = ((Number) counts.get(0)).longValue();
        long keyless = ((Number) counts.get(1)).longValue();
        List<String> failures = new ArrayList<>();
        if (kept < loaded) {
            failures.add(String.format(
                    Locale.ROOT,
                    "%s repeats: %,d of the %,d records repeat the key of a later record, which the merge would keep",
                    shown,
                    loaded - kept,
                    loaded));
        }
        if (keyless > 0) {
            failures.add(String.format(
                    Locale.ROOT, "%,d records have no %s, so a merge could never match them", keyless, shown));
        }
        return failures;
    }

    /**
     * The rows of the previous load: the table's (replace), or those of its latest load (append, merge); null if
     * none.
     */
    private Long previousRows(WarehouseSession session) {
        if (session.relationKind(target).isEmpty()) {
            return null;
        }
        Dialect dialect = session.dialect();
        String table = target.render(dialect);
        String sql = object.mode() != LoadMode.REPLACE
                ? "select count(*) from " + table + " where " + dialect.quote(TableLoader.UPLOADED_AT)
                        + " = (select max(" + dialect.quote(TableLoader.UPLOADED_AT) + ") from " + table + ")"
                : "select count(*) from " + table;
        return ((Number) session.query(sql).rows().get(0).get(0)).longValue();
    }

    private static String repeatedKeys(WarehouseSession session, Relation staging, List<String> key) {
        Dialect dialect = session.dialect();
        String columns = key.stream().map(dialect::quote).collect(Collectors.joining(", "));
        String notNull = key.stream()
                .map(column -> dialect.quote(column) + " is not null")
                .collect(Collectors.joining(" and "));
        QueryResult result = session.query("select " + columns + ", count(*) as weir_copies from "
                + staging.render(dialect) + " where " + notNull + " group by " + columns
                + " having count(*) > 1 order by count(*) desc, " + columns + " limit 3");
        if (result.rows().isEmpty()) {
            return null;
        }
        return result.rows().stream()
                .map(row -> {
                    List<String> values = new ArrayList<>();
                    for (int i = 0; i < key.size(); i++) {
                        values.add(key.get(i) + "=" + row.get(i));
                    }
                    return String.join(", ", values) + " (" + row.get(key.size()) + " records)";
                })
                .collect(Collectors.joining("; "));
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
