package io.weir.transform.compile;

import io.weir.transform.TransformException;
import io.weir.transform.jinja.NodeScope;
import io.weir.transform.jinja.RelationValue;
import io.weir.warehouse.WarehouseSession;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The scope of templates that belong to a run rather than to one node's SQL: {@code on-run-start} and {@code
 * on-run-end} hooks (which may run queries) and query comments. There is no {@code this}; {@code ref()} and {@code
 * source()} are errors.
 */
final class RunScope implements NodeScope {
    private final String packageName;
    private final WarehouseSession session;
    private final Map<String, Object> variables;
    private final Consumer<String> console;

    RunScope(String packageName, WarehouseSession session, Map<String, Object> variables, Consumer<String> console) {
        this.packageName = packageName;
        this.session = session;
        this.variables = variables;
        this.console = console;
    }

    @Override
    public Object ref(String packageName, String name) {
        throw new TransformException("ref('" + name + "') cannot be used here: a run hook or query comment belongs to"
                + " no node; name the relation with target.schema instead");
    }

    @Override
    public Object source(String sourceName, String tableName) {
        throw new TransformException("source('" + sourceName + "', '" + tableName + "') cannot be used here: a run"
                + " hook or query comment belongs to no node");
    }

    @Override
    public void config(Map<String, Object> values) {}

    @Override
    public Map<String, Object> currentConfig() {
        return Map.of();
    }

    @Override
    public RelationValue self() {
        return null;
    }

    @Override
    public Map<String, Object> model() {
        return Map.of();
    }

    @Override
    public String packageName() {
        return packageName;
    }

    @Override
    public boolean execute() {
        return session != null;
    }

    @Override
    public WarehouseSession session() {
        return session;
    }

    @Override
    public Map<String, Object> variables() {
        return variables;
    }

    @Override
    public void log(String message) {
        console.accept(message);
    }
}
