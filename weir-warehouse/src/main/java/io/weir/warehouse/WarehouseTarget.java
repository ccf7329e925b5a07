package io.weir.warehouse;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where and as whom to connect: one output of a {@code profiles.yml} profile, or Weir's own warehouse settings.
 *
 * @param name the target's name ({@code dev}, {@code prod})
 * @param type the kind of warehouse
 * @param jdbcUrl the JDBC URL; for DuckDB {@code jdbc:duckdb:<file>}, or {@code jdbc:duckdb:} for in-memory
 * @param user the user, or null (DuckDB has none)
 * @param password the password, or null
 * @param database the target's database: DuckDB's is the file stem of its path, PostgreSQL's the {@code dbname}
 * @param schema the target's schema, where models go unless configured otherwise
 * @param threads how many nodes run at once
 * @param attachments DuckDB only: other database files attached under an alias ({@code raw} to {@code raw.duckdb})
 */
public record WarehouseTarget(
        String name,
        WarehouseType type,
        String jdbcUrl,
        String user,
        String password,
        String database,
        String schema,
        int threads,
        Map<String, Path> attachments) {

    public WarehouseTarget {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(jdbcUrl, "jdbcUrl is null");
        requireNonNull(database, "database is null");
        requireNonNull(schema, "schema is null");
        attachments = Map.copyOf(attachments);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
    }

    public Dialect dialect() {
        return Dialect.of(type);
    }

    public WarehouseTarget withThreads(int newThreads) {
        return new WarehouseTarget(name, type, jdbcUrl, user, password, database, schema, newThreads, attachments);
    }

    /** A DuckDB target on {@code file}, its database named after the file's stem as DuckDB names it. */
    public static WarehouseTarget duckdb(String name, Path file, String schema, int threads, Map<String, Path> attach) {
        String fileName = file.getFileName().toString();
        int dot = fileName.lastIndexOf('.');
        String database = dot > 0 ? fileName.substring(0, dot) : fileName;
        return new WarehouseTarget(
                name,
                WarehouseType.DUCKDB,
                "jdbc:duckdb:" + file.toAbsolutePath(),
                null,
                null,
                database,
                schema,
                threads,
                attach);
    }

    @Override
    public String toString() {
        return "target " + name + " (" + type.profileName() + ", " + database + "." + schema + ")";
    }
}
