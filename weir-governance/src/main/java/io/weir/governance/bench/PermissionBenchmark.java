package io.weir.governance.bench;

import io.weir.governance.PermissionBot;
import io.weir.governance.PermissionReport;
import io.weir.governance.catalog.CatalogState;
import io.weir.governance.catalog.Grant;
import io.weir.governance.catalog.PostgresCatalog;
import io.weir.governance.plan.Layout;
import io.weir.governance.plan.RunOptions;
import io.weir.governance.plan.Step;
import io.weir.governance.spec.PermissionSpec;
import io.weir.governance.spec.SpecReader;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.WarehouseTarget;
import io.weir.warehouse.WarehouseType;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Applies a generated spec (roles, users, tables in raw and analytics schemas) to PostgreSQL and times the catalog
 * read, the diff and the apply beside floors measured in the same run: the apply beside the same statements replayed
 * with plain JDBC on an identical copy of the objects, the catalog read beside one query of every table's grants, the
 * diff beside a bare set difference of the same grants. Everything it creates carries a random prefix and is dropped.
 */
public final class PermissionBenchmark {
    private static final int SCHEMAS_PER_DATABASE = 10;

    /** One line of the table: Weir's number beside the floor's. */
    public record Row(String workload, String metric, double ours, double floor, String floorName) {
        public double ratio() {
            return Double.isNaN(floor) || floor == 0 ? Double.NaN : ours / floor;
        }
    }

    private final String url;

    public PermissionBenchmark(String url) {
        this.url = url;
    }

    public List<Row> run(int roles, int users, int tables, PrintStream progress) throws SQLException {
        String ours = "wb" + UUID.randomUUID().toString().replace("-", "").substring(0, 8) + "_";
        String copy = "wb" + UUID.randomUUID().toString().replace("-", "").substring(0, 8) + "_";
        List<Row> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url)) {
            try {
                progress.printf(
                        Locale.ROOT, "Creating %d tables in %d schemas, twice...%n", tables, 2 * SCHEMAS_PER_DATABASE);
                createObjects(connection, ours, tables);
                createObjects(connection, copy, tables);
                PermissionSpec spec = SpecReader.parse(
                        Path.of("bench.yml"), generateSpec(ours, roles, users).getBytes(StandardCharsets.UTF_8));
                Layout layout = new Layout(ours, "analytics");
                String workload = "apply " + roles + " roles, " + users + " users, " + tables + " tables";
                progress.println("Applying the generated spec...");
                try (WarehouseSession session = session(connection)) {
                    double firstCatalogFloor = catalogFloor(connection, ours);
                    PermissionReport first = PermissionBot.run(session, spec, layout, RunOptions.DEFAULT, line -> {});
                    List<Step> statements = first.plan().toRun();
                    double floorApply = replay(connection, statements, ours, copy);
                    double catalogFloor = catalogFloor(connection, ours);
                    double diffFloor = diffFloor(connection, ours);
                    rows.add(new Row(
                            workload,
                            "catalog read, s",
                            seconds(first.catalogRead()),
                            firstCatalogFloor,
                            "one query of all table grants"));
                    rows.add(new Row(
                            workload, "diff, s", seconds(first.diff()), diffFloor, "set difference of the grants"));
                    rows.add(new Row(
                            workload, "apply, s", seconds(first.apply()), floorApply, "same SQL replayed by JDBC"));
                    rows.add(new Row(workload, "statements issued", statements.size(), Double.NaN, "-"));
                    rows.add(
                            new Row(workload, "privileges granted", first.plan().granted(), Double.NaN, "-"));
                    progress.println("Running it again (nothing to change)...");
                    PermissionReport second = PermissionBot.run(session, spec, layout, RunOptions.DEFAULT, line -> {});
                    String again = "second run, no change";
                    rows.add(new Row(
                            again,
                            "catalog read, s",
                            seconds(second.catalogRead()),
                            catalogFloor,
                            "one query of all table grants"));
                    rows.add(new Row(
                            again, "diff, s", seconds(second.diff()), diffFloor, "set difference of the grants"));
                    rows.add(new Row(
                            again, "statements issued", second.plan().toRun().size(), Double.NaN, "-"));
                }
            } finally {
                progress.println("Dropping the benchmark's roles and schemas...");
                drop(connection, ours);
                drop(connection, copy);
            }
        }
        return rows;
    }

    /** A session on the benchmark's own connection. */
    private WarehouseSession session(Connection connection) throws SQLException {
        String database;
        try (Statement statement = connection.createStatement();
                ResultSet results = statement.executeQuery("select current_database()")) {
            results.next();
            database = results.getString(1);
        }
        WarehouseTarget target = new WarehouseTarget(
                "bench", WarehouseType.POSTGRES, url, null, null, database, "analytics", 1, Map.of());
        return Warehouse.open(target).session();
    }

    static String generateSpec(String prefix, int roles, int users) {
        StringBuilder yaml = new StringBuilder(
                "version: \"1.0\"\ndatabases:\n  - raw: {shared: no}\n  - analytics: {shared: no}\nroles:\n");
        for (int i = 0; i < roles; i++) {
            int schema = i % SCHEMAS_PER_DATABASE;
            yaml.append("  - ").append(prefix).append("role_").append(i).append(":\n");
            if (i % 10 == 9) {
                yaml.append("      member_of: [")
                        .append(prefix)
                        .append("role_")
                        .append(i - 9)
                        .append("]\n");
            }
            yaml.append("      privileges:\n");
            switch (i % 4) {
                case 0 -> yaml.append("        schemas: {read: [raw.src_")
                        .append(schema)
                        .append("]}\n")
                        .append("        tables: {read: [raw.src_")
                        .append(schema)
                        .append(".*]}\n");
                case 1 -> yaml.append("        schemas: {write: [raw.src_")
                        .append(schema)
                        .append("]}\n")
                        .append("        tables: {write: [raw.src_")
                        .append(schema)
                        .append(".*]}\n");
                case 2 -> yaml.append("        schemas: {read: [analytics.analytics_")
                        .append(schema)
                        .append("]}\n")
                        .append("        tables: {read: [analytics.analytics_")
                        .append(schema)
                        .append(".*]}\n");
                default -> yaml.append("        tables: {read: [raw.src_")
                        .append(schema)
                        .append(".t_1, raw.src_")
                        .append(schema)
                        .append(".t_2, analytics.analytics_")
                        .append(schema)
                        .append(".t_3]}\n");
            }
        }
        yaml.append("users:\n");
        for (int j = 0; j < users; j++) {
            yaml.append("  - ")
                    .append(prefix)
                    .append("user_")
                    .append(j)
                    .append(": {can_login: yes, member_of: [")
                    .append(prefix)
                    .append("role_")
                    .append((j * 4) % roles)
                    .append(", ")
                    .append(prefix)
                    .append("role_")
                    .append((j * 4 + 2) % roles)
                    .append("]}\n");
        }
        return yaml.toString();
    }

    private static void createObjects(Connection connection, String prefix, int tables) throws SQLException {
        int perSchema = Math.max(1, tables / (2 * SCHEMAS_PER_DATABASE));
        StringBuilder sql = new StringBuilder();
        int made = 0;
        for (int s = 0; s < SCHEMAS_PER_DATABASE; s++) {
            for (String schema : List.of("src_" + s, "analytics_" + s)) {
                sql.append("create schema ").append(prefix).append(schema).append(";\n");
                for (int t = 0; t < perSchema && made < tables; t++, made++) {
                    sql.append("create table ")
                            .append(prefix)
                            .append(schema)
                            .append(".t_")
                            .append(t)
                            .append(" (id int);\n");
                }
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql.toString());
        }
    }

    private static double replay(Connection connection, List<Step> steps, String from, String to) throws SQLException {
        long start = System.nanoTime();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            for (Step step : steps) {
                statement.execute(step.sql().replace(from, to));
            }
            connection.commit();
        } finally {
            connection.setAutoCommit(true);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static double catalogFloor(Connection connection, String prefix) throws SQLException {
        long start = System.nanoTime();
        try (Statement statement = connection.createStatement();
                ResultSet results =
                        statement.executeQuery("select c.relname, a.grantee, a.privilege_type from pg_class c"
                                + " join pg_namespace n on n.oid = c.relnamespace"
                                + " cross join lateral aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a"
                                + " where left(n.nspname, " + prefix.length() + ") = '" + prefix + "'")) {
            while (results.next()) {
                results.getString(1);
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static double diffFloor(Connection connection, String prefix) {
        CatalogState catalog = PostgresCatalog.read(connection, prefix);
        long start = System.nanoTime();
        Set<Grant> desired = new HashSet<>(catalog.grants());
        int missing = 0;
        for (Grant grant : catalog.grants()) {
            if (!desired.contains(grant)) {
                missing++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (missing != 0) {
            throw new IllegalStateException("a set lost its own elements");
        }
        return seconds;
    }

    private static void drop(Connection connection, String prefix) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            List<String> schemas = new ArrayList<>();
            try (ResultSet results = statement.executeQuery("select nspname from pg_namespace where left(nspname, "
                    + prefix.length() + ") = '" + prefix + "'")) {
                while (results.next()) {
                    schemas.add(results.getString(1));
                }
            }
            for (String schema : schemas) {
                statement.execute("drop schema \"" + schema + "\" cascade");
            }
            List<String> roles = new ArrayList<>();
            try (ResultSet results = statement.executeQuery(
                    "select rolname from pg_roles where left(rolname, " + prefix.length() + ") = '" + prefix + "'")) {
                while (results.next()) {
                    roles.add(results.getString(1));
                }
            }
            if (!roles.isEmpty()) {
                String all = String.join(
                        ", ", roles.stream().map(role -> '"' + role + '"').toList());
                statement.execute("drop owned by " + all + " cascade");
                statement.execute("drop role " + all);
            }
        }
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    public static void print(List<Row> rows, PrintStream out) {
        out.printf(
                Locale.ROOT,
                "%-44s %-24s %10s %10s %9s  %s%n",
                "workload",
                "metric",
                "weir",
                "floor",
                "ratio",
                "floor is");
        for (Row row : rows) {
            boolean count =
                    row.metric().startsWith("statements") || row.metric().startsWith("privileges");
            out.printf(
                    Locale.ROOT,
                    count ? "%-44s %-24s %10.0f %10s %9s  %s%n" : "%-44s %-24s %10.3f %10.3f %8.2fx  %s%n",
                    count
                            ? new Object[] {row.workload(), row.metric(), row.ours(), "-", "-", row.floorName()}
                            : new Object[] {
                                row.workload(), row.metric(), row.ours(), row.floor(), row.ratio(), row.floorName()
                            });
        }
    }
}
