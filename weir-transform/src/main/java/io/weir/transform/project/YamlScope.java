package io.weir.transform.project;

import io.weir.transform.TransformException;
import io.weir.transform.jinja.NodeScope;
import io.weir.transform.jinja.RelationValue;
import io.weir.warehouse.WarehouseSession;
import java.util.Map;

/**
 * The scope of Jinja in a properties file value, such as a source's {@code schema: "{{ target.schema }}_raw"}:
 * {@code target}, {@code var} and {@code env_var} work; nothing refers to a node.
 */
final class YamlScope implements NodeScope {
    static final YamlScope INSTANCE = new YamlScope();

    private YamlScope() {}

    @Override
    public Object ref(String packageName, String name) {
        throw new TransformException("ref() cannot be used in a properties file value");
    }

    @Override
    public Object source(String sourceName, String tableName) {
        throw new TransformException("source() cannot be used in a properties file value");
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
    public boolean isIncremental() {
        return false;
    }

    @Override
    public boolean shouldFullRefresh() {
        return false;
    }

    @Override
    public boolean execute() {
        return false;
    }

    @Override
    public WarehouseSession session() {
        return null;
    }
}
