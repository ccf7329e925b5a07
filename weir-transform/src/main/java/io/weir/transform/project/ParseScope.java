package io.weir.transform.project;

import io.weir.transform.jinja.NodeScope;
import io.weir.transform.jinja.Ref;
import io.weir.transform.jinja.RelationValue;
import io.weir.transform.jinja.SourceRef;
import io.weir.warehouse.Relation;
import io.weir.warehouse.WarehouseTarget;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scope of the parse pass: records the {@code ref()}, {@code source()} and {@code config()} calls of a
 * template while answering with placeholders; nothing runs on the warehouse.
 */
final class ParseScope implements NodeScope {
    private final NodeDraft draft;
    private final WarehouseTarget target;
    private final Map<String, Object> inFileConfig = new LinkedHashMap<>();

    ParseScope(NodeDraft draft, WarehouseTarget target) {
        this.draft = draft;
        this.target = target;
    }

    Map<String, Object> inFileConfig() {
        return inFileConfig;
    }

    @Override
    public Object ref(String packageName, String name) {
        draft.refs.add(new Ref(packageName, name));
        return placeholder(name);
    }

    @Override
    public Object source(String sourceName, String tableName) {
        draft.sources.add(new SourceRef(sourceName, tableName));
        return placeholder(tableName);
    }

    @Override
    public void config(Map<String, Object> values) {
        Configs.merge(inFileConfig, values);
        Configs.merge(draft.config, values);
    }

    @Override
    public String packageName() {
        return draft.fqn.get(0);
    }

    @Override
    public Map<String, Object> currentConfig() {
        return draft.config;
    }

    @Override
    public RelationValue self() {
        return draft.relation != null
                ? new RelationValue(draft.relation, target.dialect(), null)
                : placeholder(draft.name);
    }

    @Override
    public Map<String, Object> model() {
        return NodeMaps.of(draft);
    }

    private RelationValue placeholder(String identifier) {
        return new RelationValue(new Relation(target.database(), target.schema(), identifier), target.dialect(), null);
    }
}
