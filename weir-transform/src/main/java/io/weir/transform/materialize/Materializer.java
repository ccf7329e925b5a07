package io.weir.transform.materialize;

import static java.util.Objects.requireNonNull;

import io.weir.transform.TransformException;
import io.weir.transform.project.Node;
import io.weir.transform.run.NodeOutcome;
import io.weir.transform.run.NodeStatus;
import io.weir.warehouse.RelationKind;
import io.weir.warehouse.WarehouseException;
import io.weir.warehouse.WarehouseSession;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Builds compiled nodes in the warehouse of one session, as dbt's materializations do: models as views, tables or
 * incremental tables, seeds from CSV files, snapshots, and data tests. Each call is one node; it never throws for a
 * problem the project or the warehouse causes, but returns {@link NodeOutcome#error} naming the node's file and the
 * reason, and leaves whatever stood before in place. Use one per session (and thread); it keeps no other state.
 */
public final class Materializer {
    private final Ddl ddl;

    public Materializer(WarehouseSession session) {
        this.ddl = new Ddl(requireNonNull(session, "session is null"));
    }

    /** Builds a model materialized as {@code view}, {@code table} or {@code incremental} from its compiled SQL. */
    public NodeOutcome model(Node node, String compiledSql, boolean fullRefresh) {
        return guarded(node, () -> {
            String materialized = node.config().materialized();
            if (!materialized.equals("ephemeral")) {
                requireRelation(node);
            }
            return switch (materialized) {
                case "view" -> {
                    new Replacement(ddl).replace(node.relation(), RelationKind.VIEW, compiledSql);
                    String message = ddl.response("CREATE VIEW");
                    yield new NodeOutcome(NodeStatus.SUCCESS, message, message, -1, null);
                }
                case "table" -> {
                    long rows = new Replacement(ddl).replace(node.relation(), RelationKind.TABLE, compiledSql);
                    String message = ddl.response("SELECT " + rows);
                    yield new NodeOutcome(NodeStatus.SUCCESS, message, message, rows, null);
                }
                case "incremental" -> new Incremental(ddl).run(node, compiledSql, fullRefresh);
                case "ephemeral" -> new NodeOutcome(NodeStatus.SUCCESS, "EPHEMERAL", null, -1, null);
                default -> throw new TransformException("materialized '" + materialized
                        + "' is not supported; use view, table, incremental or ephemeral");
            };
        });
    }

    /** Loads a seed's CSV file; config {@code column_types}, {@code quote_columns} and {@code delimiter} apply. */
    public NodeOutcome seed(Node node, Path csvFile, boolean fullRefresh) {
        return guarded(node, () -> new SeedLoader(ddl).load(requireRelation(node), csvFile, fullRefresh));
    }

    /** Runs a snapshot; config {@code strategy}, {@code unique_key}, {@code updated_at}, {@code check_cols} apply. */
    public NodeOutcome snapshot(Node node, String compiledSelect) {
        return guarded(node, () -> new Snapshot(ddl).run(requireRelation(node), compiledSelect));
    }

    /** Runs a data test whose compiled SQL returns its failing rows. */
    public NodeOutcome test(Node node, String compiledTestSql) {
        return guarded(node, () -> new DataTest(ddl).run(node, compiledTestSql));
    }

    private NodeOutcome guarded(Node node, Supplier<NodeOutcome> work) {
        try {
            return work.get();
        } catch (TransformException e) {
            return NodeOutcome.error("Error in " + describe(node) + ": " + e.getMessage());
        } catch (WarehouseException e) {
            return NodeOutcome.error("Database error in " + describe(node) + ": " + e.getMessage());
        } catch (RuntimeException e) {
            return NodeOutcome.error("Error in " + describe(node) + ": " + e);
        }
    }

    private static Node requireRelation(Node node) {
        if (node.relation() == null) {
            throw new TransformException("it has no relation to build; give it a database, schema and alias");
        }
        return node;
    }

    private static String describe(Node node) {
        return node.resourceType().manifestName() + " " + node.name() + " (" + node.originalFilePath() + ")";
    }
}
