package io.weir.transform.materialize;

import io.weir.transform.TransformException;
import io.weir.transform.project.Node;
import io.weir.transform.project.NodeConfig;
import io.weir.transform.run.NodeOutcome;
import io.weir.transform.run.NodeStatus;
import io.weir.warehouse.Relation;
import io.weir.warehouse.RelationKind;
import io.weir.warehouse.WarehouseTarget;
import java.util.List;
import java.util.Locale;

/**
 * Runs a data test: its query returns the failing rows, counted with {@code fail_calc} and judged against
 * {@code warn_if} and {@code error_if} at the test's {@code severity}. With {@code store_failures} the failing rows
 * are kept in a table of {@code <target schema>_dbt_test__audit} named after the test.
 */
final class DataTest {
    private static final String DEFAULT_CONDITION = "!= 0";
    private static final String AUDIT_SCHEMA = "dbt_test__audit";

    private final Ddl ddl;

    DataTest(Ddl ddl) {
        this.ddl = ddl;
    }

    NodeOutcome run(Node node, String sql) {
        NodeConfig config = node.config();
        String failCalc = setting(config, "fail_calc", "count(*)");
        String warnIf = setting(config, "warn_if", DEFAULT_CONDITION);
        String errorIf = setting(config, "error_if", DEFAULT_CONDITION);
        boolean warnOnly = severityIsWarn(config);
        String failing = Ddl.body(sql);
        RelationKind storeAs = storeAs(config);
        if (storeAs != null) {
            Relation audit = auditRelation(node);
            new Replacement(ddl).replace(audit, storeAs, failing);
            failing = "select * from " + ddl.render(audit);
        }
        Object limit = config.get("limit");
        String counted = "select " + failCalc + " as failures, " + failCalc + " " + warnIf + " as should_warn, "
                + failCalc + " " + errorIf + " as should_error\nfrom (\n" + failing + "\n"
                + (limit == null ? "" : "limit " + limit(limit) + "\n") + ") dbt_internal_test";
        List<Object> row = ddl.session().query(counted).rows().get(0);
        long failures = row.get(0) == null ? 0 : ((Number) row.get(0)).longValue();
        boolean shouldWarn = Boolean.TRUE.equals(row.get(1));
        boolean shouldError = Boolean.TRUE.equals(row.get(2));
        NodeStatus status;
        if (!warnOnly && shouldError) {
            status = NodeStatus.FAIL;
        } else if (shouldWarn) {
            status = NodeStatus.WARN;
        } else {
            status = NodeStatus.PASS;
        }
        String message =
                switch (status) {
                    case FAIL -> verdict(failures, "fail", errorIf);
                    case WARN -> verdict(failures, "warn", warnIf);
                    case PASS, SUCCESS, ERROR, SKIPPED -> null;
                };
        return new NodeOutcome(status, message, ddl.response("SELECT 1"), ddl.isPostgres() ? 1 : -1, failures);
    }

    /** Where stored failures go: the test's own relation if the project gave one, else the audit schema. */
    private Relation auditRelation(Node node) {
        if (node.relation() != null) {
            return node.relation();
        }
        WarehouseTarget target = ddl.session().target();
        String custom = node.config().string("schema");
        String schema = target.schema() + "_" + (custom == null || custom.isBlank() ? AUDIT_SCHEMA : custom.strip());
        String alias = node.config().string("alias");
        return new Relation(target.database(), schema, alias == null || alias.isBlank() ? node.name() : alias);
    }

    private static RelationKind storeAs(NodeConfig config) {
        String as = config.string("store_failures_as");
        if (as != null) {
            return switch (as.strip().toLowerCase(Locale.ROOT)) {
                case "table" -> RelationKind.TABLE;
                case "view" -> RelationKind.VIEW;
                case "ephemeral" -> null;
                default -> throw new TransformException(
                        "store_failures_as '" + as + "' is not supported; use table, view or ephemeral");
            };
        }
        return config.bool("store_failures", false) ? RelationKind.TABLE : null;
    }

    private static boolean severityIsWarn(NodeConfig config) {
        String severity = config.string("severity");
        if (severity == null || severity.isBlank() || severity.strip().equalsIgnoreCase("error")) {
            return false;
        }
        if (severity.strip().equalsIgnoreCase("warn")) {
            return true;
        }
        throw new TransformException("severity '" + severity + "' is not supported; use error or warn");
    }

    private static long limit(Object limit) {
        try {
            long value = limit instanceof Number number
                    ? number.longValue()
                    : Long.parseLong(limit.toString().strip());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new TransformException("limit '" + limit + "' must be a whole number of rows");
    }

    private static String setting(NodeConfig config, String key, String otherwise) {
        String value = config.string(key);
        return value == null || value.isBlank() ? otherwise : value.strip();
    }

    private static String verdict(long failures, String outcome, String condition) {
        return "Got " + failures + " result" + (failures == 1 ? "" : "s") + ", configured to " + outcome + " if "
                + condition;
    }
}
