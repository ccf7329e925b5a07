package io.weir.transform.project;

import static java.util.Objects.requireNonNull;

import io.weir.warehouse.Relation;
import java.util.List;
import java.util.Map;

/**
 * One table of a {@code sources:} entry in a properties file.
 *
 * @param uniqueId {@code source.<package>.<source name>.<table name>}
 * @param sourceName the source's name
 * @param name the table's name as {@code source()} calls it
 * @param relation where it lives: database (the source's or the target's), schema (the source's {@code schema} or its
 *     name), identifier (the table's {@code identifier} or its name)
 */
public record SourceTable(
        String uniqueId,
        String packageName,
        String sourceName,
        String name,
        String originalFilePath,
        List<String> fqn,
        Relation relation,
        String description,
        Map<String, ColumnSpec> columns,
        NodeConfig config) {

    public SourceTable {
        requireNonNull(uniqueId, "uniqueId is null");
        requireNonNull(relation, "relation is null");
        fqn = List.copyOf(fqn);
        columns = Map.copyOf(columns);
        description = description == null ? "" : description;
    }
}
