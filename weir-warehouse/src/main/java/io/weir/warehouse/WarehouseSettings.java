package io.weir.warehouse;

import static java.util.Objects.requireNonNull;

import io.weir.core.project.ProjectSettings;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * A project's warehouse: the {@code warehouse:} section of {@code weir.yaml} and the flavor variables
 * {@code WEIR_WAREHOUSE_<FLAVOR>_{URL,USER,PASSWORD,ROLE}}. Without either, the embedded DuckDB warehouse under
 * {@code .weir/warehouse}: {@code analytics.duckdb} with {@code raw.duckdb} attached as {@code raw}, so every relation
 * is addressed as {@code raw.<schema>.<table>} or {@code analytics.<schema>.<table>}.
 */
public final class WarehouseSettings {
    public static final String DEFAULT_SCHEMA = "analytics";
    /** Where snapshots go unless they say otherwise, as the data team's layout keeps them: {@code raw.snapshots}. */
    public static final String SNAPSHOT_SCHEMA = "snapshots";

    static final Path DEFAULT_DUCKDB_DIR = Path.of(".weir", "warehouse");

    private final Path projectDir;
    private final Map<String, String> section;
    private final Map<String, String> env;

    private WarehouseSettings(Path projectDir, Map<String, String> section, Map<String, String> env) {
        this.projectDir = requireNonNull(projectDir, "projectDir is null");
        this.section = Map.copyOf(section);
        this.env = Map.copyOf(env);
    }

    public static WarehouseSettings of(Path projectDir, ProjectSettings settings, Map<String, String> env) {
        return new WarehouseSettings(projectDir, settings.warehouse(), env);
    }

    /** The folder of the embedded DuckDB files. */
    public Path duckdbDir() {
        String path = section.get("path");
        return projectDir
                .resolve(path == null ? DEFAULT_DUCKDB_DIR : Path.of(path))
                .normalize();
    }

    /**
     * Where tasks of {@code flavor} connect: the flavor's own variables when set, else the {@code warehouse:}
     * settings, else the embedded DuckDB warehouse.
     */
    public WarehouseTarget target(Flavor flavor) {
        String prefix = flavor.environmentPrefix();
        String url = firstOf(env.get(prefix + "URL"), section.get("url"));
        String schema = firstOf(section.get("schema"), DEFAULT_SCHEMA);
        int threads = section.containsKey("threads") ? Integer.parseInt(section.get("threads")) : 4;
        String name = flavor.name().toLowerCase(java.util.Locale.ROOT);
        if (url == null && !"postgres".equals(section.get("type"))) {
            Path dir = duckdbDir();
            return WarehouseTarget.duckdb(
                    name, dir.resolve("analytics.duckdb"), schema, threads, Map.of("raw", dir.resolve("raw.duckdb")));
        }
        if (url == null) {
            throw new WarehouseException("weir.yaml sets warehouse.type postgres but no warehouse.url; add"
                    + " warehouse.url (jdbc:postgresql://host:5432/database) or set " + prefix + "URL");
        }
        if (url.startsWith("jdbc:duckdb:")) {
            Path file = Path.of(url.substring("jdbc:duckdb:".length()));
            return WarehouseTarget.duckdb(name, projectDir.resolve(file), schema, threads, Map.of());
        }
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new WarehouseException("The warehouse URL '" + url + "' (" + prefix + "URL or warehouse.url) is"
                    + " neither jdbc:duckdb:<file> nor jdbc:postgresql://host/database");
        }
        String role = env.get(prefix + "ROLE");
        if (role != null && !role.isBlank()) {
            url += (url.contains("?") ? "&" : "?") + "options="
                    + URLEncoder.encode("-c role=" + role, StandardCharsets.UTF_8);
        }
        return new WarehouseTarget(
                name,
                WarehouseType.POSTGRES,
                url,
                firstOf(env.get(prefix + "USER"), section.get("user")),
                firstOf(env.get(prefix + "PASSWORD"), env.get("WEIR_WAREHOUSE_PASSWORD")),
                postgresDatabase(url),
                schema,
                threads,
                Map.of());
    }

    /**
     * The database snapshots go to unless they say otherwise: {@code raw} where the warehouse has one beside
     * analytics (the embedded DuckDB), else the target's own (a PostgreSQL connection reaches only its database).
     */
    public static String snapshotDatabase(WarehouseTarget target) {
        return target.attachments().containsKey("raw") ? "raw" : null;
    }

    /**
     * The database RAW tables go to: {@code raw} where the warehouse has one beside analytics (the embedded DuckDB),
     * else null, the target's own database, where {@code raw.<schema>.<table>} is the schema {@code <schema>} (a
     * PostgreSQL connection reaches only its database).
     */
    public static String rawDatabase(WarehouseTarget target) {
        return target.attachments().containsKey("raw") ? "raw" : null;
    }

    /** The database a PostgreSQL JDBC URL names ({@code jdbc:postgresql://host:5432/<database>?...}). */
    static String postgresDatabase(String url) {
        String rest = url.substring("jdbc:postgresql:".length());
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            rest = slash < 0 ? "" : rest.substring(slash + 1);
        }
        int query = rest.indexOf('?');
        String database = query < 0 ? rest : rest.substring(0, query);
        if (database.isBlank()) {
            throw new WarehouseException(
                    "The warehouse URL '" + url + "' names no database; write jdbc:postgresql://host:5432/<database>");
        }
        return database;
    }

    private static String firstOf(String first, String second) {
        return first != null && !first.isBlank() ? first : second;
    }
}
