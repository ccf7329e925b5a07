package io.weir.governance.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.governance.catalog.CatalogState;
import io.weir.governance.catalog.Grant;
import io.weir.governance.catalog.Membership;
import io.weir.governance.catalog.PgObject;
import io.weir.governance.catalog.PgRole;
import io.weir.governance.catalog.PgTable;
import io.weir.governance.spec.PermissionSpec;
import io.weir.governance.spec.SpecReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The plan from a spec and a catalog, without a database: what is granted, kept, revoked and how it is grouped. */
class PlannerTest {
    private static final Layout LAYOUT = new Layout("", "analytics");

    private final Map<String, PgRole> roles = new LinkedHashMap<>();
    private final Set<Membership> memberships = new HashSet<>();
    private final Map<String, String> schemas = new LinkedHashMap<>();
    private final List<PgTable> tables = new ArrayList<>();
    private final Set<Grant> grants = new HashSet<>();

    private static PermissionSpec spec(String yaml) {
        return SpecReader.parse(Path.of("roles.yml"), yaml.getBytes(StandardCharsets.UTF_8));
    }

    private Plan plan(PermissionSpec spec, RunOptions options) {
        return Planner.plan(
                spec, new CatalogState("wh", "postgres", roles, memberships, schemas, tables, grants), LAYOUT, options);
    }

    private void table(String schema, String name) {
        schemas.putIfAbsent(schema, "postgres");
        tables.add(new PgTable(schema, name, "postgres", PgTable.Kind.TABLE));
    }

    private List<String> toRun(Plan plan) {
        return plan.toRun().stream().map(Step::sql).toList();
    }

    private static final String READER =
            """
            databases:
              - raw: {shared: no}
              - analytics: {shared: no}
            roles:
              - reporter:
                  privileges:
                    tables: {read: [analytics.analytics.*]}
            """;

    @Test
    void oneStatementGrantsARoleItsPrivilegesOnManyTables() {
        table("analytics", "a");
        table("analytics", "b");
        table("analytics_staging", "c");
        table("tap", "d");

        Plan plan = plan(spec(READER), RunOptions.DEFAULT);

        assertThat(toRun(plan))
                .containsExactly(
                        "CREATE ROLE \"reporter\" NOLOGIN",
                        "GRANT USAGE ON SCHEMA \"analytics\" TO \"reporter\"",
                        "GRANT SELECT ON TABLE \"analytics\".\"a\", \"analytics\".\"b\" TO \"reporter\"");
        assertThat(plan.granted()).isEqualTo(3);
    }

    @Test
    void whatIsThereIsKeptAndWhatTheSpecDoesNotSayIsRevoked() {
        table("analytics", "a");
        table("analytics_sensitive", "s");
        roles.put("reporter", new PgRole("reporter", false, false));
        roles.put("admin", new PgRole("admin", false, false));
        grants.add(new Grant("reporter", PgObject.schema("analytics"), "USAGE"));
        grants.add(new Grant("reporter", PgObject.table("analytics", "a"), "SELECT"));
        grants.add(new Grant("reporter", PgObject.table("analytics_sensitive", "s"), "SELECT"));
        grants.add(new Grant("reporter", PgObject.table("analytics", "a"), "DELETE"));
        grants.add(new Grant("postgres", PgObject.table("analytics", "a"), "SELECT"));
        memberships.add(new Membership("reporter", "admin"));

        Plan plan = plan(spec(READER), RunOptions.DEFAULT);

        assertThat(toRun(plan))
                .containsExactly(
                        "REVOKE DELETE ON TABLE \"analytics\".\"a\" FROM \"reporter\"",
                        "REVOKE SELECT ON TABLE \"analytics_sensitive\".\"s\" FROM \"reporter\"",
                        "REVOKE \"admin\" FROM \"reporter\"");
        assertThat(plan.unchanged()).isEqualTo(2);
        assertThat(plan.revoked()).isEqualTo(3);
    }

    @Test
    void anOwnerKeepsItsOwnPrivilegesAndOwnershipIsNeverTakenBack() {
        roles.put("transformer", new PgRole("transformer", false, false));
        schemas.put("analytics", "transformer");
        tables.add(new PgTable("analytics", "a", "transformer", PgTable.Kind.TABLE));
        grants.add(new Grant("transformer", PgObject.table("analytics", "a"), "SELECT"));
        grants.add(new Grant("transformer", PgObject.table("analytics", "a"), "TRIGGER"));

        Plan plan = plan(spec("roles:\n  - transformer: {}\n"), RunOptions.DEFAULT);

        assertThat(plan.changesNothing()).isTrue();
    }

    @Test
    void publicLosesGrantsOnlyInSchemasTheSpecNames() {
        table("analytics", "a");
        table("elsewhere_entirely", "x");
        grants.add(new Grant(Grant.PUBLIC, PgObject.table("analytics", "a"), "SELECT"));
        grants.add(new Grant(Grant.PUBLIC, PgObject.table("elsewhere_entirely", "x"), "SELECT"));
        grants.add(new Grant(Grant.PUBLIC, PgObject.database("wh"), "CONNECT"));

        List<String> statements = toRun(plan(spec(READER), RunOptions.DEFAULT));

        assertThat(statements).contains("REVOKE SELECT ON TABLE \"analytics\".\"a\" FROM PUBLIC");
        assertThat(statements).noneMatch(sql -> sql.contains("elsewhere_entirely") || sql.contains("DATABASE"));
        assertThat(toRun(plan(spec(READER), new RunOptions(false, false, Set.of("reporter"), Set.of(), false))))
                .noneMatch(sql -> sql.contains("PUBLIC"));
    }

    @Test
    void wholeSchemaWildcardsSetDefaultPrivilegesForTheRolesThatCreateTables() {
        table("tap", "orders");
        PermissionSpec spec = spec(
                """
                databases:
                  - raw: {shared: no}
                roles:
                  - loader:
                      privileges:
                        schemas: {write: [raw.tap]}
                  - transformer:
                      privileges:
                        tables: {read: [raw.*.*]}
                """);

        assertThat(toRun(plan(spec, RunOptions.DEFAULT)))
                .contains("ALTER DEFAULT PRIVILEGES FOR ROLE \"loader\" IN SCHEMA \"tap\" GRANT SELECT ON TABLES TO"
                        + " \"transformer\"");
    }

    @Test
    void snowflakeOnlyPartsAndMissingSchemasAreNoted() {
        Plan plan = plan(
                spec(
                        """
                        databases:
                          - raw: {shared: no}
                          - snowflake_sample: {shared: yes}
                          - prep: {shared: no}
                        roles:
                          - analyst:
                              privileges:
                                databases: {read: [snowflake_sample, prep]}
                                schemas: {read: [raw.not_there_yet]}
                        """),
                RunOptions.DEFAULT);

        assertThat(plan.notes())
                .anySatisfy(note -> assertThat(note).contains("shared databases (snowflake_sample)"))
                .anySatisfy(note -> assertThat(note).contains("databases [prep] are neither raw nor analytics"))
                .anySatisfy(note -> assertThat(note).contains("schema raw.not_there_yet (line 9) does not exist yet"));
        assertThat(toRun(plan)).containsExactly("CREATE ROLE \"analyst\" NOLOGIN");
    }

    @Test
    void aUserWhoseLoginDiffersIsAlteredAndMembershipsCanBeIgnored() {
        roles.put("looker", new PgRole("looker", false, false));
        roles.put("reporter", new PgRole("reporter", false, false));
        PermissionSpec spec =
                spec("roles:\n  - reporter: {}\nusers:\n  - looker: {can_login: yes, member_of: [reporter]}\n");

        assertThat(toRun(plan(spec, RunOptions.DEFAULT)))
                .containsExactly("ALTER ROLE \"looker\" LOGIN", "GRANT \"reporter\" TO \"looker\"");
        assertThat(toRun(plan(spec, new RunOptions(false, false, Set.of(), Set.of(), true))))
                .containsExactly("ALTER ROLE \"looker\" LOGIN");
        assertThatThrownBy(() -> plan(spec, new RunOptions(false, false, Set.of(), Set.of("reporter"), false)))
                .hasMessageContaining("--user reporter: roles.yml declares no user 'reporter'");
    }
}
