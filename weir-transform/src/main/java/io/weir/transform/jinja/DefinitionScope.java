package io.weir.transform.jinja;

import io.weir.warehouse.WarehouseSession;
import java.util.Map;

/** The scope macro files are defined in: nothing is called there, so every question has an empty answer. */
enum DefinitionScope implements NodeScope {
    INSTANCE;

    @Override
    public Object ref(String packageName, String name) {
        return "";
    }

    @Override
    public Object source(String sourceName, String tableName) {
        return "";
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
