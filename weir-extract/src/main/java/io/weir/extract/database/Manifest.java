package io.weir.extract.database;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A Postgres-pipeline manifest: where to connect and the tables to extract, in file order. */
public record Manifest(Path file, ConnectionInfo connection, Map<String, ManifestTable> tables) {
    public Manifest {
        requireNonNull(file, "file is null");
        requireNonNull(connection, "connection is null");
        tables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tables));
    }
}
