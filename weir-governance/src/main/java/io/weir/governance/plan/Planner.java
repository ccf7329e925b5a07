package io.weir.governance.plan;

import io.weir.governance.catalog.CatalogState;
import io.weir.governance.catalog.Grant;
import io.weir.governance.catalog.Membership;
import io.weir.governance.catalog.ObjectKind;
import io.weir.governance.catalog.PgObject;
import io.weir.governance.catalog.PgRole;
import io.weir.governance.catalog.PgTable;
import io.weir.governance.catalog.PostgresCatalog;
import io.weir.governance.spec.Access;
import io.weir.governance.spec.DatabaseSpec;
import io.weir.governance.spec.Level;
import io.weir.governance.spec.ObjectPattern;
import io.weir.governance.spec.OwnershipRule;
import io.weir.governance.spec.PermissionSpec;
import io.weir.governance.spec.PrivilegeRule;
import io.weir.governance.spec.RoleSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Computes the difference between a spec and the warehouse: what to create, grant, hand over and revoke. Read is
 * USAGE on schemas and SELECT on tables; write adds CREATE on schemas and INSERT, UPDATE, DELETE and TRUNCATE on
 * tables; a table privilege brings USAGE on its schema, without which the table cannot be reached. A {@code *} table
 * wildcard also sets default privileges, so tables created later by the roles that may create them are covered.
 * Owners keep what they own: ownership is never revoked, nor an owner's own privileges.
 */
public final class Planner {

    private final PermissionSpec spec;
    private final CatalogState catalog;
    private final Layout layout;
    private final RunOptions options;
    private final Map<PgObject, PgTable> tables;
    private final Map<String, List<PgTable>> tablesBySchema = new HashMap<>();
    private final Set<String> notes = new LinkedHashSet<>();
    private final Map<PgObject, String> plannedOwners = new HashMap<>();
    private int unlisted;
    /** The schemas some privilege names; only there are PUBLIC's grants taken back. */
    private final Set<String> namedSchemas = new HashSet<>();

    private Map<String, Set<String>> creators;

    private Planner(PermissionSpec spec, CatalogState catalog, Layout layout, RunOptions options) {
        this.spec = spec;
        this.catalog = catalog;
        this.layout = layout;
        this.options = options;
        this.tables = PostgresCatalog.byObject(catalog.tables());
        for (PgTable table : catalog.tables()) {
            tablesBySchema
                    .computeIfAbsent(table.schema(), key -> new ArrayList<>())
                    .add(table);
        }
    }

    /** The plan that makes the warehouse described by {@code catalog} match {@code spec}. */
    public static Plan plan(PermissionSpec spec, CatalogState catalog, Layout layout, RunOptions options) {
        return new Planner(spec, catalog, layout, options).build();
    }

    private Plan build() {
        notes.addAll(spec.snowflakeOnly());
        List<String> unmapped = spec.databases().values().stream()
                .filter(database -> !database.shared() && !layout.maps(database.name()))
                .map(DatabaseSpec::name)
                .toList();
        if (!unmapped.isEmpty()) {
            notes.add("databases " + unmapped + " are neither raw nor analytics, the two a PostgreSQL warehouse"
                    + " holds as schemas; their privileges are not applied");
        }
        for (String name : options.roles()) {
            requireDeclared(name, false);
        }
        for (String name : options.users()) {
            requireDeclared(name, true);
        }
        List<Step> steps = new ArrayList<>();
        roles(steps);
        if (!options.ignoreMemberships()) {
            memberships(steps);
        }
        owners(steps);
        privileges(steps);
        steps.sort(Comparator.comparing(Step::action));
        return new Plan(steps, new ArrayList<>(notes), unlisted);
    }

    private void requireDeclared(String name, boolean user) {
        RoleSpec role = spec.roles().get(name);
        if (role == null || role.user() != user) {
            throw new io.weir.core.WeirException(
                    io.weir.core.ErrorCode.USER_INPUT,
                    (user ? "--user " : "--role ") + name + ": " + spec.file() + " declares no "
                            + (user ? "user" : "role") + " '" + name + "'; name one it declares under '"
                            + (user ? "users" : "roles") + ":'");
        }
    }

    private void roles(List<Step> steps) {
        for (RoleSpec role : spec.roles().values()) {
            if (!options.covers(role.name())) {
                continue;
            }
            PgRole existing = catalog.roles().get(role.name());
            String login = role.canLogin() ? "LOGIN" : "NOLOGIN";
            if (existing == null) {
                steps.add(new Step(
                        Step.Action.CREATE_ROLE,
                        "CREATE ROLE " + Statements.quote(role.name()) + " " + login,
                        false,
                        1));
            } else if (role.user() && existing.canLogin() != role.canLogin() && !existing.superuser()) {
                steps.add(new Step(
                        Step.Action.ALTER_ROLE, "ALTER ROLE " + Statements.quote(role.name()) + " " + login, false, 1));
            } else {
                steps.add(new Step(
                        Step.Action.CREATE_ROLE,
                        "CREATE ROLE " + Statements.quote(role.name()) + " "
                                + (existing.canLogin() ? "LOGIN" : "NOLOGIN"),
                        true,
                        1));
            }
        }
    }

    private void memberships(List<Step> steps) {
        Set<Membership> desired = new TreeSet<>(MEMBERSHIP_ORDER);
        for (RoleSpec role : spec.roles().values()) {
            for (String of : role.memberOf()) {
                desired.add(new Membership(role.name(), of));
            }
        }
        for (Membership membership : desired) {
            if (options.covers(membership.member())) {
                steps.add(new Step(
                        Step.Action.GRANT_MEMBERSHIP,
                        "GRANT " + Statements.quote(membership.role()) + " TO " + Statements.quote(membership.member()),
                        catalog.memberships().contains(membership),
                        1));
            }
        }
        Set<Membership> extra = new TreeSet<>(MEMBERSHIP_ORDER);
        for (Membership membership : catalog.memberships()) {
            if (spec.roles().containsKey(membership.member())
                    && !desired.contains(membership)
                    && options.covers(membership.member())) {
                extra.add(membership);
            }
        }
        for (Membership membership : extra) {
            steps.add(new Step(
                    Step.Action.REVOKE_MEMBERSHIP,
                    "REVOKE " + Statements.quote(membership.role()) + " FROM " + Statements.quote(membership.member()),
                    false,
                    1));
        }
    }

    private static final Comparator<Membership> MEMBERSHIP_ORDER =
            Comparator.comparing(Membership::member).thenComparing(Membership::role);

    private void owners(List<Step> steps) {
        for (RoleSpec role : spec.roles().values()) {
            for (OwnershipRule rule : role.owns()) {
                for (PgObject object : objects(rule.level(), rule.pattern())) {
                    String planned = plannedOwners.get(object);
                    if (planned != null) {
                        if (!planned.equals(role.name())) {
                            notes.add(object + " is owned by both " + planned + " and " + role.name() + " in the spec; "
                                    + planned + " keeps it");
                        }
                        continue;
                    }
                    if (!options.covers(role.name())) {
                        continue;
                    }
                    plannedOwners.put(object, role.name());
                    String current = catalog.ownerOf(object, tables);
                    steps.add(new Step(
                            Step.Action.ALTER_OWNER,
                            "ALTER " + ownedKind(object) + " " + Statements.render(object) + " OWNER TO "
                                    + Statements.quote(role.name()),
                            role.name().equals(current),
                            1));
                }
            }
        }
    }

    private String ownedKind(PgObject object) {
        return switch (object.kind()) {
            case DATABASE -> "DATABASE";
            case SCHEMA -> "SCHEMA";
            case TABLE -> switch (tables.get(object).kind()) {
                case TABLE -> "TABLE";
                case VIEW -> "VIEW";
                case MATERIALIZED_VIEW -> "MATERIALIZED VIEW";
            };
            case DEFAULT_TABLES -> throw new IllegalArgumentException("default privileges have no owner");
        };
    }

    private void privileges(List<Step> steps) {
        Set<Grant> desired = new HashSet<>();
        for (RoleSpec role : spec.roles().values()) {
            for (PrivilegeRule rule : role.privileges()) {
                expand(role.name(), rule, desired);
            }
        }
        Set<Grant> toGrant = new HashSet<>();
        Set<Grant> inPlace = new HashSet<>();
        for (Grant grant : desired) {
            if (!options.covers(grant.grantee())) {
                continue;
            }
            if (catalog.grants().contains(grant) || grant.grantee().equals(owner(grant.object()))) {
                inPlace.add(grant);
            } else {
                toGrant.add(grant);
            }
        }
        Set<Grant> toRevoke = new HashSet<>();
        for (Grant grant : catalog.grants()) {
            boolean managed = spec.roles().containsKey(grant.grantee())
                    ? options.covers(grant.grantee())
                    : grant.grantee().equals(Grant.PUBLIC)
                            && grant.object().kind() != ObjectKind.DATABASE
                            && namedSchemas.contains(grant.object().schema())
                            && !options.limited();
            if (managed && !desired.contains(grant) && !grant.grantee().equals(owner(grant.object()))) {
                toRevoke.add(grant);
            }
        }
        Statements.group(Step.Action.GRANT, toGrant, false, steps);
        if (options.dry() || options.diff()) {
            Statements.group(Step.Action.GRANT, inPlace, true, steps);
        } else {
            unlisted = inPlace.size();
        }
        Statements.group(Step.Action.REVOKE, toRevoke, false, steps);
    }

    private String owner(PgObject object) {
        String planned = plannedOwners.get(object);
        return planned != null ? planned : catalog.ownerOf(object, tables);
    }

    private void expand(String role, PrivilegeRule rule, Set<Grant> desired) {
        ObjectPattern pattern = rule.pattern();
        if (!applies(pattern.database())) {
            return;
        }
        boolean write = rule.access() == Access.WRITE;
        switch (rule.level()) {
            case DATABASES -> {
                add(desired, role, PgObject.database(catalog.database()), "CONNECT");
                if (write) {
                    add(desired, role, PgObject.database(catalog.database()), "CREATE");
                }
            }
            case SCHEMAS -> {
                for (String schema : schemas(pattern)) {
                    namedSchemas.add(schema);
                    add(desired, role, PgObject.schema(schema), "USAGE");
                    if (write) {
                        add(desired, role, PgObject.schema(schema), "CREATE");
                    }
                }
            }
            case TABLES -> {
                List<String> privileges =
                        write ? List.of("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE") : List.of("SELECT");
                for (String schema : schemas(pattern)) {
                    namedSchemas.add(schema);
                    add(desired, role, PgObject.schema(schema), "USAGE");
                    for (PgTable table : tablesBySchema.getOrDefault(schema, List.of())) {
                        if (pattern.matchesTable(table.name())) {
                            for (String privilege : privileges) {
                                add(desired, role, PgObject.table(schema, table.name()), privilege);
                            }
                        }
                    }
                    if (pattern.allTables()) {
                        for (String creator : creators().getOrDefault(schema, Set.of())) {
                            // a creator this run leaves out (--role) may not exist yet
                            if (!creator.equals(role)
                                    && (catalog.roles().containsKey(creator) || options.covers(creator))) {
                                for (String privilege : privileges) {
                                    add(desired, role, PgObject.defaultTables(schema, creator), privilege);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static void add(Set<Grant> desired, String role, PgObject object, String privilege) {
        desired.add(new Grant(role, object, privilege));
    }

    /** Whether privileges on the spec's {@code database} are applied here; notes once why not. */
    private boolean applies(String database) {
        DatabaseSpec declared = spec.databases().get(database);
        return declared != null && !declared.shared() && layout.maps(database);
    }

    /** The roles that create tables in each schema: its owner and the roles that may write it, when the spec names them. */
    private Map<String, Set<String>> creators() {
        if (creators == null) {
            creators = new HashMap<>();
            for (RoleSpec role : spec.roles().values()) {
                for (PrivilegeRule rule : role.privileges()) {
                    if (rule.level() == Level.SCHEMAS
                            && rule.access() == Access.WRITE
                            && applies(rule.pattern().database())) {
                        for (String schema : schemas(rule.pattern())) {
                            creators.computeIfAbsent(schema, key -> new TreeSet<>())
                                    .add(role.name());
                        }
                    }
                }
            }
            for (String schema : catalog.schemaOwners().keySet()) {
                String owner = owner(PgObject.schema(schema));
                if (owner != null && spec.roles().containsKey(owner)) {
                    creators.computeIfAbsent(schema, key -> new TreeSet<>()).add(owner);
                }
            }
        }
        return creators;
    }

    /** The managed schemas a pattern names; notes a schema named outright that does not exist yet. */
    private List<String> schemas(ObjectPattern pattern) {
        List<String> found = new ArrayList<>();
        for (String schema : new TreeSet<>(catalog.schemaOwners().keySet())) {
            if (pattern.database().equals(layout.databaseOf(schema))
                    && pattern.matchesSchema(layout.specSchema(schema))) {
                found.add(schema);
            }
        }
        if (found.isEmpty() && !pattern.schemaHasWildcard()) {
            notes.add("schema " + pattern.database() + "." + pattern.schema() + " (line " + pattern.line() + ")"
                    + " does not exist yet; its privileges are granted on the first run after it is created");
        }
        return found;
    }

    private List<PgObject> objects(Level level, ObjectPattern pattern) {
        if (!applies(pattern.database())) {
            return List.of();
        }
        List<PgObject> objects = new ArrayList<>();
        switch (level) {
            case DATABASES -> objects.add(PgObject.database(catalog.database()));
            case SCHEMAS -> schemas(pattern).forEach(schema -> objects.add(PgObject.schema(schema)));
            case TABLES -> {
                for (String schema : schemas(pattern)) {
                    for (PgTable table : tablesBySchema.getOrDefault(schema, List.of())) {
                        if (pattern.matchesTable(table.name())) {
                            objects.add(PgObject.table(schema, table.name()));
                        }
                    }
                }
            }
        }
        return objects;
    }
}
