package io.weir.transform.jinja;

import io.weir.warehouse.WarehouseSession;
import java.util.List;
import java.util.Map;

/**
 * What the dbt functions of a template ask of the node being rendered. The parse pass answers with placeholders
 * and records the calls; compiling answers with real relations and, when running, a live warehouse session.
 */
public interface NodeScope {
    /** A graph without nodes, as parsing sees it. */
    Map<String, Object> EMPTY_GRAPH = Map.of(
            "nodes", Map.of(),
            "sources", Map.of(),
            "exposures", Map.of(),
            "metrics", Map.of(),
            "groups", Map.of(),
            "semantic_models", Map.of(),
            "saved_queries", Map.of());

    /** What {@code ref()} renders: a {@link RelationValue}, or an ephemeral model's CTE name. */
    Object ref(String packageName, String name);

    /** What {@code source()} renders. */
    Object source(String sourceName, String tableName);

    /** Applies a {@code config(...)} call of the template. */
    void config(Map<String, Object> values);

    /** The node's configuration as it stands, for {@code config.get()}. */
    Map<String, Object> currentConfig();

    /** {@code this}: the node's own relation, or null when it has none. */
    RelationValue self();

    /** {@code model}: the node as a template sees it ({@code model.name}, {@code model.unique_id}, ...). */
    Map<String, Object> model();

    // The four answers below default to those of a scope where nothing runs on the warehouse (parsing, defining
    // macros); the compile scope gives its own.

    /** The package the node belongs to, whose macros it calls unprefixed; null for the root project. */
    default String packageName() {
        return null;
    }

    /** {@code is_incremental()}. */
    default boolean isIncremental() {
        return false;
    }

    /** {@code should_full_refresh()}. */
    default boolean shouldFullRefresh() {
        return false;
    }

    /** {@code execute}: false in the parse pass, when queries must not run. */
    default boolean execute() {
        return false;
    }

    /**
     * {@code graph}: the project's {@code nodes} and {@code sources} as the manifest has them (config, columns, meta,
     * tags, ...). Empty while parsing, as nodes should only read it when {@code execute} is true.
     */
    default Map<String, Object> graph() {
        return EMPTY_GRAPH;
    }

    /** {@code selected_resources}: the unique ids the command selected; empty while parsing. */
    default List<String> selectedResources() {
        return List.of();
    }

    /** The session {@code run_query} and {@code statement} run on, or null when nothing may run. */
    default WarehouseSession session() {
        return null;
    }

    /** Further variables the template sees, such as {@code results} in an {@code on-run-end} hook. */
    default Map<String, Object> variables() {
        return Map.of();
    }

    /** Where {@code log(msg, info=True)} goes: the run's console when running, Weir's own log otherwise. */
    default void log(String message) {
        org.slf4j.LoggerFactory.getLogger(NodeScope.class).info("{}", message);
    }
}
