package io.weir.governance.snapshot;

import io.weir.governance.catalog.CatalogState;
import io.weir.governance.catalog.Grant;
import io.weir.governance.catalog.Membership;
import io.weir.governance.catalog.PgRole;
import io.weir.governance.catalog.PostgresCatalog;
import io.weir.governance.plan.Layout;
import io.weir.warehouse.WarehouseException;
import io.weir.warehouse.WarehouseSession;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Appends the warehouse's roles, memberships and grants to three tables of {@code raw.snapshots}, each row stamped
 * with {@code _uploaded_at}, so the history of who could read what is a query away and a dbt project can model it.
 */
public final class RolesSnapshot {
    public static final String ROLES = "permission_roles";
    public static final String MEMBERSHIPS = "permission_memberships";
    public static final String GRANTS = "permission_grants";
    static final String SCHEMA = "snapshots";

    private RolesSnapshot() {}

    /** The PostgreSQL schema the snapshot tables live in. */
    public static String schema(Layout layout) {
        return layout.pgSchema(SCHEMA);
    }

    /** Takes one snapshot in one transaction; returns the rows written per table. */
    public static Map<String, Integer> take(WarehouseSession session, Layout layout, Instant uploadedAt) {
        CatalogState catalog = PostgresCatalog.read(session.connection(), layout.schemaPrefix());
        String schema = '"' + schema(layout) + '"';
        Timestamp stamp = Timestamp.valueOf(uploadedAt.atOffset(ZoneOffset.UTC).toLocalDateTime());
        return session.inTransaction(transaction -> {
            transaction.execute("create schema if not exists " + schema);
            transaction.execute("create table if not exists " + schema + "." + ROLES
                    + " (role_name text, can_login boolean, is_superuser boolean, _uploaded_at timestamp)");
            transaction.execute("create table if not exists " + schema + "." + MEMBERSHIPS
                    + " (member text, role_name text, _uploaded_at timestamp)");
            transaction.execute("create table if not exists " + schema + "." + GRANTS
                    + " (grantee text, object_type text, object_schema text, object_name text, privilege text,"
                    + " _uploaded_at timestamp)");
            Connection connection = transaction.connection();
            Map<String, Integer> counts = new LinkedHashMap<>();
            try {
                try (PreparedStatement insert =
                        connection.prepareStatement("insert into " + schema + "." + ROLES + " values (?, ?, ?, ?)")) {
                    for (PgRole role : catalog.roles().values()) {
                        insert.setString(1, role.name());
                        insert.setBoolean(2, role.canLogin());
                        insert.setBoolean(3, role.superuser());
                        insert.setTimestamp(4, stamp);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                counts.put(ROLES, catalog.roles().size());
                try (PreparedStatement insert = connection.prepareStatement(
                        "insert into " + schema + "." + MEMBERSHIPS + " values (?, ?, ?)")) {
                    for (Membership membership : catalog.memberships()) {
                        insert.setString(1, membership.member());
                        insert.setString(2, membership.role());
                        insert.setTimestamp(3, stamp);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                counts.put(MEMBERSHIPS, catalog.memberships().size());
                try (PreparedStatement insert = connection.prepareStatement(
                        "insert into " + schema + "." + GRANTS + " values (?, ?, ?, ?, ?, ?)")) {
                    for (Grant grant : catalog.grants()) {
                        insert.setString(1, grant.grantee());
                        insert.setString(2, grant.object().kind().name().toLowerCase(java.util.Locale.ROOT));
                        insert.setString(3, grant.object().schema());
                        insert.setString(4, grant.object().name());
                        insert.setString(5, grant.privilege());
                        insert.setTimestamp(6, stamp);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                counts.put(GRANTS, catalog.grants().size());
            } catch (SQLException e) {
                throw new WarehouseException(
                        "Cannot write the roles snapshot to " + schema(layout) + ": " + e.getMessage()
                                + "; the PERMISSION credentials need to create tables in it",
                        e);
            }
            return counts;
        });
    }
}
