package io.weir.transform.compile;

import io.weir.transform.TransformException;
import io.weir.transform.jinja.NodeScope;
import io.weir.transform.jinja.RelationValue;
import io.weir.transform.project.Node;
import io.weir.transform.project.SourceTable;
import io.weir.warehouse.RelationKind;
import io.weir.warehouse.WarehouseSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The scope of compiling one node: refs and sources render as relations, a ref to an ephemeral model renders its
 * CTE name and is remembered for injection, and {@code is_incremental()} asks the live session.
 */
final class CompileScope implements NodeScope {
    private final TransformProject project;
    private final Node node;
    private final WarehouseSession session;
    private final boolean fullRefresh;
    private final List<Node> ephemerals = new ArrayList<>();
    private final Map<String, Object> configured = new LinkedHashMap<>();

    CompileScope(TransformProject project, Node node, WarehouseSession session, boolean fullRefresh) {
        this.project = project;
        this.node = node;
        this.session = session;
        this.fullRefresh = fullRefresh;
    }

    /** The ephemeral models the node refers to, in order of first use. */
    List<Node> ephemerals() {
        return ephemerals;
    }

    @Override
    public Object ref(String packageName, String name) {
        Node target = project.refable(name);
        if (target == null) {
            throw new TransformException("ref('" + name + "') names no enabled model, seed or snapshot");
        }
        if (target.isEphemeral()) {
            if (!ephemerals.contains(target)) {
                ephemerals.add(target);
            }
            return Ephemerals.cteName(target);
        }
        return new RelationValue(target.relation(), project.target().dialect(), null);
    }

    @Override
    public Object source(String sourceName, String tableName) {
        SourceTable table = project.source(sourceName, tableName);
        if (table == null) {
            throw new TransformException("source('" + sourceName + "', '" + tableName + "') names no source table");
        }
        return new RelationValue(table.relation(), project.target().dialect(), null);
    }

    /** Keeps what {@code config()} sets while the node compiles (a generic test's macro sets its {@code fail_calc}). */
    @Override
    public void config(Map<String, Object> values) {
        configured.putAll(values);
    }

    Map<String, Object> configured() {
        return configured;
    }

    @Override
    public Map<String, Object> graph() {
        return project.graph();
    }

    @Override
    public List<String> selectedResources() {
        return project.selectedResources();
    }

    @Override
    public String packageName() {
        return node.packageName();
    }

    @Override
    public Map<String, Object> currentConfig() {
        return node.config().values();
    }

    @Override
    public RelationValue self() {
        return node.relation() == null
                ? null
                : new RelationValue(node.relation(), project.target().dialect(), null);
    }

    @Override
    public Map<String, Object> model() {
        return model(node);
    }

    /** A node as templates see it, as {@code model} or as a query comment's {@code node}. */
    static Map<String, Object> model(Node node) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("unique_id", node.uniqueId());
        model.put("name", node.name());
        model.put("resource_type", node.resourceType().manifestName());
        model.put("package_name", node.packageName());
        model.put("fqn", node.fqn());
        model.put("path", node.path());
        model.put("original_file_path", node.originalFilePath());
        model.put("config", node.config().values());
        model.put("tags", node.config().tags());
        model.put("raw_code", node.rawCode());
        model.put("description", node.description());
        return model;
    }

    @Override
    public boolean isIncremental() {
        if (!"incremental".equals(node.config().materialized())
                || session == null
                || node.relation() == null
                || shouldFullRefresh()) {
            return false;
        }
        Optional<RelationKind> kind = session.relationKind(node.relation());
        return kind.isPresent() && kind.get() == RelationKind.TABLE;
    }

    @Override
    public boolean shouldFullRefresh() {
        Object configured = node.config().get("full_refresh");
        if (configured != null) {
            return configured instanceof Boolean b ? b : Boolean.parseBoolean(configured.toString());
        }
        return fullRefresh;
    }

    @Override
    public boolean execute() {
        return true;
    }

    @Override
    public WarehouseSession session() {
        return session;
    }

    /** The adapter's name, as {@code adapter.dispatch} prefixes macros: {@code duckdb}, {@code postgres}. */
    String adapterName() {
        return project.target().type().profileName();
    }

    @Override
    public void log(String message) {
        project.console().accept(message);
    }
}
