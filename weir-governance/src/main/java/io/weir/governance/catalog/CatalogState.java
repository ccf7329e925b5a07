package io.weir.governance.catalog;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the warehouse holds now, within the schemas Weir manages.
 *
 * @param database the database's name
 * @param databaseOwner the role that owns it
 * @param roles every role of the cluster except PostgreSQL's own {@code pg_*} roles, by name
 * @param memberships every membership among them
 * @param schemaOwners the managed schemas and who owns each
 * @param tables the tables and views of the managed schemas
 * @param grants the privileges on the database, the managed schemas, their tables and their default privileges,
 *     owners' own included
 */
public record CatalogState(
        String database,
        String databaseOwner,
        Map<String, PgRole> roles,
        Set<Membership> memberships,
        Map<String, String> schemaOwners,
        List<PgTable> tables,
        Set<Grant> grants) {

    public CatalogState {
        requireNonNull(database, "database is null");
        requireNonNull(databaseOwner, "databaseOwner is null");
        roles = Map.copyOf(roles);
        memberships = Set.copyOf(memberships);
        schemaOwners = Map.copyOf(schemaOwners);
        tables = List.copyOf(tables);
        grants = Set.copyOf(grants);
    }

    /** The owner of {@code object}, or null when it is not one that has an owner here. */
    public String ownerOf(PgObject object, Map<PgObject, PgTable> tablesByObject) {
        return switch (object.kind()) {
            case DATABASE -> databaseOwner;
            case SCHEMA -> schemaOwners.get(object.name());
            case TABLE -> {
                PgTable table = tablesByObject.get(object);
                yield table == null ? null : table.owner();
            }
            case DEFAULT_TABLES -> null;
        };
    }
}
