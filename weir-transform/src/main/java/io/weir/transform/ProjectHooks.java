package io.weir.transform;

import io.weir.transform.compile.TransformProject;
import io.weir.transform.project.Node;
import io.weir.transform.project.QueryComment;
import io.weir.transform.project.RunHooks;
import io.weir.transform.run.NodeResult;
import io.weir.transform.run.RunReport;
import io.weir.warehouse.Relation;
import io.weir.warehouse.WarehouseSession;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs a project's {@code on-run-start} hooks before the nodes of a run and its {@code on-run-end} hooks after them,
 * with {@code results}, {@code schemas} and {@code database_schemas} as dbt gives them; and adds the project's
 * {@code query-comment} to the statements of a session.
 */
final class ProjectHooks {
    private final TransformProject project;
    private final RunHooks hooks;
    private final Optional<QueryComment> queryComment;

    ProjectHooks(TransformProject project) {
        this.project = project;
        this.hooks = RunHooks.read(project.info().rootDir());
        this.queryComment = QueryComment.read(project.info().rootDir());
    }

    /**
     * Runs the {@code on-run-start} hooks.
     *
     * @throws TransformException naming the hook when one fails; then no node runs
     */
    void onRunStart(WarehouseSession session, Set<String> selected, PrintStream out) {
        run(hooks.onRunStart(), session, variables(selected), out, "on-run-start");
    }

    /**
     * Runs the {@code on-run-end} hooks with the run's {@code results}.
     *
     * @throws TransformException naming the hook when one fails
     */
    void onRunEnd(WarehouseSession session, Set<String> selected, RunReport report, PrintStream out) {
        Map<String, Object> variables = variables(selected);
        variables.put("results", results(report));
        run(hooks.onRunEnd(), session, variables, out, "on-run-end");
    }

    /** Adds the query comment, rendered for {@code node} (null: the run's own statements), to {@code session}. */
    void comment(WarehouseSession session, Node node) {
        if (queryComment.isEmpty()) {
            return;
        }
        String rendered = project.renderQueryComment(queryComment.get().template(), node);
        if (rendered.contains("*/")) {
            throw new TransformException("The query-comment of dbt_project.yml renders to text holding '*/', which"
                    + " would end the comment early; remove it from the comment");
        }
        session.decorateStatements(sql -> queryComment.get().apply(sql, rendered));
    }

    private void run(
            List<RunHooks.Hook> list,
            WarehouseSession session,
            Map<String, Object> variables,
            PrintStream out,
            String kind) {
        if (list.isEmpty()) {
            return;
        }
        out.println("Running " + list.size() + " " + kind + (list.size() == 1 ? " hook" : " hooks"));
        comment(session, null);
        try {
            for (RunHooks.Hook hook : list) {
                try {
                    String sql = project.renderRunHook(hook.sql(), hook.where(), hook.packageName(), session, variables)
                            .strip();
                    if (!sql.isEmpty()) {
                        session.execute(sql);
                    }
                    out.println("OK hook " + hook.where());
                } catch (RuntimeException e) {
                    throw new TransformException("Error in the hook " + hook.where() + ": " + e.getMessage(), e);
                }
            }
        } finally {
            session.decorateStatements(null);
        }
    }

    /** {@code schemas} and {@code database_schemas}: where the selected nodes are built. */
    private Map<String, Object> variables(Set<String> selected) {
        Set<String> schemas = new LinkedHashSet<>();
        Set<List<String>> databaseSchemas = new LinkedHashSet<>();
        for (String id : selected) {
            Node node = project.manifest().nodes().get(id);
            Relation relation = node == null ? null : node.relation();
            if (relation != null) {
                schemas.add(relation.schema());
                databaseSchemas.add(List.of(relation.database(), relation.schema()));
            }
        }
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("schemas", new ArrayList<>(schemas));
        variables.put("database_schemas", new ArrayList<>(databaseSchemas));
        return variables;
    }

    /** {@code results}: one entry per node that ended, with its status, message, timing and node. */
    private List<Map<String, Object>> results(RunReport report) {
        List<Map<String, Object>> results = new ArrayList<>();
        for (NodeResult result : report.results()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            Node node = project.manifest().nodes().get(result.uniqueId());
            entry.put("unique_id", result.uniqueId());
            entry.put("status", result.status().resultName());
            entry.put("message", result.outcome().message());
            entry.put("failures", result.outcome().failures());
            entry.put("execution_time", result.executionTime().toNanos() / 1e9);
            entry.put("thread_id", "Thread-" + Math.max(0, result.threadIndex()));
            entry.put(
                    "adapter_response", Map.of("rows_affected", result.outcome().rowsAffected()));
            entry.put("node", node == null ? Map.of("unique_id", result.uniqueId()) : project.nodeMap(node));
            results.add(entry);
        }
        return results;
    }
}
