package io.weir.extract.yaml;

import static java.util.Objects.requireNonNull;

import io.weir.extract.json.ListPath;
import io.weir.extract.json.RecordColumns;

/** One list of a YAML document landed as {@code raw.<schema>.<name>}: its path and the fields given columns. */
public record YamlTable(String name, ListPath path, RecordColumns columns) {
    public YamlTable {
        requireNonNull(name, "name is null");
        requireNonNull(path, "path is null");
        requireNonNull(columns, "columns is null");
    }
}
