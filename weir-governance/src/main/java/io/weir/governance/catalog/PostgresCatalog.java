package io.weir.governance.catalog;

import io.weir.warehouse.WarehouseException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a PostgreSQL warehouse's roles, memberships, owners and grants in six catalog queries, whatever the number
 * of objects. Implicit privileges (an object whose ACL was never changed) are read as PostgreSQL's defaults for it.
 */
public final class PostgresCatalog {
    /** The schemas Weir manages: those starting with the prefix, never PostgreSQL's own nor {@code public}. */
    private static final String SCOPE = " n.nspname !~ '^pg_' and n.nspname <> 'information_schema'"
            + " and n.nspname <> 'public' and left(n.nspname, length(?)) = ?";

    private static final String GRANTEE = "case when a.grantee = 0 then 'PUBLIC' else g.rolname end";

    private PostgresCatalog() {}

    /** Reads the catalog, the schemas limited to those whose names start with {@code schemaPrefix}. */
    public static CatalogState read(Connection connection, String schemaPrefix) {
        try {
            Map<String, PgRole> roles = new LinkedHashMap<>();
            query(
                    connection,
                    "select rolname, rolcanlogin, rolsuper from pg_roles where rolname !~ '^pg_'",
                    null,
                    row -> roles.put(
                            row.getString(1), new PgRole(row.getString(1), row.getBoolean(2), row.getBoolean(3))));
            Set<Membership> memberships = new HashSet<>();
            query(
                    connection,
                    "select m.rolname, r.rolname from pg_auth_members a join pg_roles m on m.oid = a.member"
                            + " join pg_roles r on r.oid = a.roleid where r.rolname !~ '^pg_'",
                    null,
                    row -> memberships.add(new Membership(row.getString(1), row.getString(2))));
            Set<Grant> grants = new HashSet<>();
            String[] database = new String[2];
            query(
                    connection,
                    "select d.datname, o.rolname, " + GRANTEE + ", a.privilege_type from pg_database d"
                            + " join pg_roles o on o.oid = d.datdba"
                            + " cross join lateral aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) a left join pg_roles g on g.oid = a.grantee"
                            + " where d.datname = current_database()",
                    null,
                    row -> {
                        database[0] = row.getString(1);
                        database[1] = row.getString(2);
                        grants.add(new Grant(row.getString(3), PgObject.database(row.getString(1)), row.getString(4)));
                    });
            Map<String, String> schemaOwners = new HashMap<>();
            query(
                    connection,
                    "select n.nspname, o.rolname, " + GRANTEE + ", a.privilege_type from pg_namespace n"
                            + " join pg_roles o on o.oid = n.nspowner"
                            + " cross join lateral aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) a left join pg_roles g on g.oid = a.grantee"
                            + " where" + SCOPE,
                    schemaPrefix,
                    row -> {
                        schemaOwners.put(row.getString(1), row.getString(2));
                        grants.add(new Grant(row.getString(3), PgObject.schema(row.getString(1)), row.getString(4)));
                    });
            Map<PgObject, PgTable> tables = new LinkedHashMap<>();
            query(
                    connection,
                    "select n.nspname, c.relname, c.relkind, o.rolname, " + GRANTEE + ", a.privilege_type"
                            + " from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                            + " join pg_roles o on o.oid = c.relowner"
                            + " cross join lateral aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a left join pg_roles g on g.oid = a.grantee"
                            + " where c.relkind in ('r', 'p', 'v', 'm', 'f') and" + SCOPE,
                    schemaPrefix,
                    row -> {
                        PgObject table = PgObject.table(row.getString(1), row.getString(2));
                        if (!tables.containsKey(table)) {
                            tables.put(
                                    table,
                                    new PgTable(
                                            table.schema(), table.name(), row.getString(4), kind(row.getString(3))));
                        }
                        grants.add(new Grant(row.getString(5), table, row.getString(6)));
                    });
            query(
                    connection,
                    "select n.nspname, c.rolname, " + GRANTEE + ", a.privilege_type from pg_default_acl d"
                            + " join pg_namespace n on n.oid = d.defaclnamespace"
                            + " join pg_roles c on c.oid = d.defaclrole"
                            + " cross join lateral aclexplode(d.defaclacl) a left join pg_roles g on g.oid = a.grantee"
                            + " where d.defaclobjtype = 'r' and" + SCOPE,
                    schemaPrefix,
                    row -> grants.add(new Grant(
                            row.getString(3),
                            PgObject.defaultTables(row.getString(1), row.getString(2)),
                            row.getString(4))));
            return new CatalogState(
                    database[0],
                    database[1],
                    roles,
                    memberships,
                    schemaOwners,
                    new ArrayList<>(tables.values()),
                    grants);
        } catch (SQLException e) {
            throw new WarehouseException(
                    "Cannot read the warehouse's roles and grants: " + e.getMessage()
                            + "; the PERMISSION credentials need to read pg_catalog",
                    e);
        }
    }

    private static PgTable.Kind kind(String relkind) {
        return switch (relkind) {
            case "v" -> PgTable.Kind.VIEW;
            case "m" -> PgTable.Kind.MATERIALIZED_VIEW;
            default -> PgTable.Kind.TABLE;
        };
    }

    @FunctionalInterface
    private interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    private static void query(Connection connection, String sql, String prefix, RowReader reader) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            if (prefix != null) {
                statement.setString(1, prefix);
                statement.setString(2, prefix);
            }
            statement.setFetchSize(10_000);
            try (ResultSet results = statement.executeQuery()) {
                while (results.next()) {
                    reader.read(results);
                }
            }
        }
    }

    /** Every table of the managed schemas, for callers that look tables up by object. */
    public static Map<PgObject, PgTable> byObject(List<PgTable> tables) {
        Map<PgObject, PgTable> map = new HashMap<>();
        for (PgTable table : tables) {
            map.put(PgObject.table(table.schema(), table.name()), table);
        }
        return map;
    }
}
