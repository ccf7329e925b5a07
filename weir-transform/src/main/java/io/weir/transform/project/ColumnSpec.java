package io.weir.transform.project;

import java.util.Map;

/** A column documented in a properties file. */
public record ColumnSpec(String name, String description, String dataType, Map<String, Object> meta) {
    public ColumnSpec {
        meta = meta == null ? Map.of() : Map.copyOf(meta);
        description = description == null ? "" : description;
    }
}
