package io.weir.governance.testing;

import io.weir.governance.plan.Layout;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.WarehouseTarget;
import io.weir.warehouse.WarehouseType;
import io.weir.warehouse.testing.TestWarehouses;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * One test's corner of the shared PostgreSQL server: a prefix for its roles and schemas (roles are cluster-wide and
 * other trees test at the same time), a session as the server's superuser, and a cleanup that drops both.
 */
public final class PermissionFixture implements AutoCloseable {
    private final String prefix =
            "wg" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_";
    private final Warehouse warehouse;
    private final WarehouseSession session;

    public PermissionFixture() {
        warehouse = Warehouse.open(TestWarehouses.postgres(prefix + "analytics"));
        session = warehouse.session();
    }

    /** What this test's roles and schemas start with. */
    public String prefix() {
        return prefix;
    }

    public Layout layout() {
        return new Layout(prefix, "analytics");
    }

    public WarehouseSession session() {
        return session;
    }

    /** Runs statements as the superuser, each outside any transaction. */
    public void sql(String... statements) {
        for (String statement : statements) {
            session.execute(statement.replace("P_", prefix));
        }
    }

    /** Whether {@code role} has {@code privilege} on the table {@code schema.table} (prefixes added). */
    public boolean tablePrivilege(String role, String schema, String table, String privilege) {
        return bool("select has_table_privilege('" + prefix + role + "', '\"" + prefix + schema + "\".\"" + table
                + "\"', '" + privilege + "')");
    }

    public boolean schemaPrivilege(String role, String schema, String privilege) {
        return bool(
                "select has_schema_privilege('" + prefix + role + "', '" + prefix + schema + "', '" + privilege + "')");
    }

    public boolean roleExists(String role) {
        return bool("select exists (select 1 from pg_roles where rolname = '" + prefix + role + "')");
    }

    public boolean bool(String sql) {
        return Boolean.TRUE.equals(session.query(sql).rows().get(0).get(0));
    }

    /** A warehouse session that logs in as {@code role}; close it. */
    public WarehouseSession sessionAs(String role) {
        WarehouseTarget superuser = warehouse.target();
        WarehouseTarget target = new WarehouseTarget(
                "test",
                WarehouseType.POSTGRES,
                urlWithoutUser(),
                prefix + role,
                null,
                superuser.database(),
                superuser.schema(),
                1,
                java.util.Map.of());
        return Warehouse.open(target).session();
    }

    private static String urlWithoutUser() {
        return TestWarehouses.postgresUrl().replaceAll("([?&])user=[^&]*&?", "$1");
    }

    /** A connection that logs in as {@code role} (the local server trusts its users). */
    public Connection loginAs(String role) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", prefix + role);
        return DriverManager.getConnection(urlWithoutUser(), properties);
    }

    @Override
    public void close() {
        try {
            TestWarehouses.dropPostgresSchemas(prefix);
            List<String> roles = new ArrayList<>();
            try (Connection connection = DriverManager.getConnection(TestWarehouses.postgresUrl());
                    Statement statement = connection.createStatement()) {
                try (ResultSet results =
                        statement.executeQuery("select rolname from pg_roles where rolname like '" + prefix + "%'")) {
                    while (results.next()) {
                        roles.add(results.getString(1));
                    }
                }
                for (String role : roles) {
                    statement.execute("drop owned by \"" + role + "\" cascade");
                }
                for (String role : roles) {
                    statement.execute("drop role \"" + role + "\"");
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot drop the test roles " + prefix + "*", e);
            }
        } finally {
            session.close();
            warehouse.close();
        }
    }
}
