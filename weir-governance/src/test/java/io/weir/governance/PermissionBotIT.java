package io.weir.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.weir.governance.plan.RunOptions;
import io.weir.governance.plan.Step;
import io.weir.governance.snapshot.RolesSnapshot;
import io.weir.governance.spec.PermissionSpec;
import io.weir.governance.spec.SpecReader;
import io.weir.governance.testing.PermissionFixture;
import io.weir.warehouse.WarehouseException;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.testing.TestWarehouses;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The permission bot against the real PostgreSQL server, each test in roles and schemas of its own. */
class PermissionBotIT {
    private PermissionFixture fixture;
    private final List<String> printed = new ArrayList<>();

    @BeforeEach
    void setUp() {
        assumeTrue(TestWarehouses.postgresAvailable(), "no PostgreSQL at " + TestWarehouses.postgresUrl());
        fixture = new PermissionFixture();
        // raw.tap (landed data), analytics.analytics and analytics.analytics_sensitive (built by dbt)
        fixture.sql(
                "create schema P_tap",
                "create table P_tap.orders (id int)",
                "create schema P_analytics",
                "create table P_analytics.customers (id int)",
                "insert into P_analytics.customers values (1)",
                "create schema P_analytics_sensitive",
                "create table P_analytics_sensitive.salaries (amount int)");
    }

    @AfterEach
    void tearDown() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private PermissionSpec spec() {
        return spec(teamSpec());
    }

    private PermissionSpec spec(String yaml) {
        return SpecReader.parse(Path.of("roles.yml"), yaml.getBytes(StandardCharsets.UTF_8));
    }

    private String teamSpec() {
        try (InputStream in = getClass().getResourceAsStream("/specs/team.yml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("ROLE_", fixture.prefix());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private PermissionReport run(PermissionSpec spec, RunOptions options) {
        return PermissionBot.run(fixture.session(), spec, fixture.layout(), options, printed::add);
    }

    @Test
    void appliesTheSpecAsEachRoleSeesIt() {
        PermissionReport report = run(spec(), RunOptions.DEFAULT);

        assertThat(report.applied()).isTrue();
        assertThat(report.plan().rolesCreated()).isEqualTo(5);
        assertThat(fixture.bool("select rolcanlogin from pg_roles where rolname = '" + fixture.prefix() + "looker'"))
                .isTrue();
        assertThat(fixture.bool("select rolcanlogin from pg_roles where rolname = '" + fixture.prefix() + "loader'"))
                .isFalse();
        // loader writes raw
        assertThat(fixture.tablePrivilege("loader", "tap", "orders", "INSERT")).isTrue();
        assertThat(fixture.schemaPrivilege("loader", "tap", "CREATE")).isTrue();
        assertThat(fixture.tablePrivilege("loader", "analytics", "customers", "SELECT"))
                .isFalse();
        // transformer reads raw, writes analytics, is a member of loader and owns analytics.analytics
        assertThat(fixture.tablePrivilege("transformer", "tap", "orders", "SELECT"))
                .isTrue();
        assertThat(fixture.tablePrivilege("transformer", "analytics_sensitive", "salaries", "UPDATE"))
                .isTrue();
        assertThat(fixture.bool("select pg_has_role('" + fixture.prefix() + "transformer', '" + fixture.prefix()
                        + "loader', 'MEMBER')"))
                .isTrue();
        assertThat(fixture.bool("select nspowner::regrole::text = '" + fixture.prefix()
                        + "transformer' from pg_namespace where nspname = '" + fixture.prefix() + "analytics'"))
                .isTrue();
        // reporter reads analytics.analytics only
        assertThat(fixture.tablePrivilege("reporter", "analytics", "customers", "SELECT"))
                .isTrue();
        assertThat(fixture.tablePrivilege("reporter", "analytics", "customers", "INSERT"))
                .isFalse();
        assertThat(fixture.schemaPrivilege("reporter", "analytics_sensitive", "USAGE"))
                .isFalse();
        assertThat(fixture.tablePrivilege("reporter", "analytics_sensitive", "salaries", "SELECT"))
                .isFalse();
        assertThat(fixture.tablePrivilege("looker", "analytics", "customers", "SELECT"))
                .isTrue();
        assertThat(report.counts()).containsEntry("applied", true).containsEntry("revokes", 0);
        assertThat(printed).anyMatch(line -> line.startsWith("Not applied: warehouses (loading)"));
        assertThat(printed).last().asString().startsWith("Applied roles.yml:");
    }

    @Test
    void aSecondRunChangesNothingAndSaysSo() {
        PermissionReport first = run(spec(), RunOptions.DEFAULT);
        printed.clear();

        PermissionReport second = run(spec(), RunOptions.DEFAULT);

        assertThat(second.applied()).isFalse();
        assertThat(second.plan().toRun()).isEmpty();
        assertThat(second.plan().unchanged())
                .isEqualTo(first.plan().granted() + first.plan().unchanged());
        assertThat(printed).noneMatch(line -> line.startsWith("[to run]"));
        assertThat(printed).last().asString().startsWith("Nothing to change: the warehouse matches roles.yml");
    }

    @Test
    void aGrantRemovedFromTheSpecIsRevoked() {
        run(spec(), RunOptions.DEFAULT);
        assertThat(fixture.tablePrivilege("reporter", "analytics", "customers", "SELECT"))
                .isTrue();
        String narrower = teamSpec().replace("tables:  {read: [analytics.analytics.*]}", "");

        PermissionReport report = run(spec(narrower), RunOptions.DEFAULT);

        assertThat(report.plan().revoked()).isGreaterThan(0);
        assertThat(fixture.tablePrivilege("reporter", "analytics", "customers", "SELECT"))
                .isFalse();
        assertThat(fixture.schemaPrivilege("reporter", "analytics", "USAGE")).isTrue();
        assertThat(printed).anyMatch(line -> line.startsWith("[to run]   REVOKE SELECT ON TABLE"));
        assertThat(run(spec(narrower), RunOptions.DEFAULT).plan().changesNothing())
                .isTrue();
    }

    @Test
    void aMembershipRemovedFromTheSpecIsRevokedUnlessMembershipsAreIgnored() {
        run(spec(), RunOptions.DEFAULT);
        String withoutMembership = teamSpec().replace("member_of: [" + fixture.prefix() + "loader]", "");

        PermissionReport ignored = run(spec(withoutMembership), new RunOptions(false, false, Set.of(), Set.of(), true));
        assertThat(ignored.plan().steps()).noneMatch(step -> step.action() == Step.Action.REVOKE_MEMBERSHIP);
        assertThat(fixture.bool("select pg_has_role('" + fixture.prefix() + "transformer', '" + fixture.prefix()
                        + "loader', 'MEMBER')"))
                .isTrue();

        run(spec(withoutMembership), RunOptions.DEFAULT);
        assertThat(fixture.bool("select pg_has_role('" + fixture.prefix() + "transformer', '" + fixture.prefix()
                        + "loader', 'MEMBER')"))
                .isFalse();
    }

    @Test
    void aTableAddedAfterTheRunIsCoveredByTheWildcard() {
        run(spec(), RunOptions.DEFAULT);

        // dbt builds as the transformer, extracts land as the loader
        fixture.sql(
                "set role P_transformer",
                "create table P_analytics.orders (id int)",
                "reset role",
                "set role P_loader",
                "create table P_tap.payments (id int)",
                "reset role");

        assertThat(fixture.tablePrivilege("reporter", "analytics", "orders", "SELECT"))
                .isTrue();
        assertThat(fixture.tablePrivilege("reporter", "analytics", "orders", "INSERT"))
                .isFalse();
        // the transformer also inherits the loader's ownership, so look at the table's own grants
        String grantedToTransformer =
                "select coalesce(array_agg(a.privilege_type::text order by a.privilege_type)::text, '')"
                        + " from pg_class c, aclexplode(c.relacl) a where c.oid = '" + fixture.prefix()
                        + "tap.payments'::regclass and a.grantee = '" + fixture.prefix() + "transformer'::regrole";
        assertThat(fixture.session().query(grantedToTransformer).rows().get(0).get(0))
                .isEqualTo("{SELECT}");
        // and the next run sees nothing to change
        assertThat(run(spec(), RunOptions.DEFAULT).plan().changesNothing()).isTrue();
    }

    @Test
    void aUserLogsInAndReadsWhatItMayAndIsRefusedTheRest() throws SQLException {
        run(spec(), RunOptions.DEFAULT);
        String prefix = fixture.prefix();

        try (Connection looker = fixture.loginAs("looker");
                Statement statement = looker.createStatement()) {
            try (ResultSet rows = statement.executeQuery("select count(*) from " + prefix + "analytics.customers")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(1);
            }
            assertThatThrownBy(() -> statement.executeQuery("select * from " + prefix + "analytics_sensitive.salaries"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("permission denied for schema " + prefix + "analytics_sensitive");
            assertThatThrownBy(
                            () -> statement.executeUpdate("insert into " + prefix + "analytics.customers values (2)"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("permission denied for table customers");
        }
        try (Connection dbt = fixture.loginAs("dbt_user");
                Statement statement = dbt.createStatement()) {
            statement.execute("set role " + prefix + "transformer");
            assertThat(statement.executeUpdate("insert into " + prefix + "analytics_sensitive.salaries values (5)"))
                    .isEqualTo(1);
        }
    }

    @Test
    void aDryRunPrintsEveryStatementAndChangesNothing() {
        PermissionReport report = run(spec(), new RunOptions(true, false, Set.of(), Set.of(), false));

        assertThat(report.applied()).isFalse();
        assertThat(fixture.roleExists("loader")).isFalse();
        assertThat(printed)
                .anyMatch(line -> line.equals("[to run]   CREATE ROLE \"" + fixture.prefix() + "loader\" NOLOGIN;"));
        assertThat(printed)
                .last()
                .asString()
                .startsWith("Dry run: " + report.plan().toRun().size() + " statements would run");

        run(spec(), RunOptions.DEFAULT);
        printed.clear();
        run(spec(), new RunOptions(true, false, Set.of(), Set.of(), false));
        assertThat(printed)
                .anyMatch(line -> line.startsWith("[in place] GRANT SELECT ON TABLE \"" + fixture.prefix()
                        + "analytics\".\"customers\" TO \"" + fixture.prefix() + "reporter\""));
        assertThat(printed).noneMatch(line -> line.startsWith("[to run]"));
    }

    @Test
    void diffShowsWhatIsInPlaceBesideWhatRuns() {
        run(spec(), RunOptions.DEFAULT);
        printed.clear();
        run(spec(), RunOptions.DEFAULT);
        assertThat(printed).noneMatch(line -> line.startsWith("[in place]"));

        run(spec(), new RunOptions(false, true, Set.of(), Set.of(), false));
        assertThat(printed).anyMatch(line -> line.startsWith("[in place] GRANT"));
    }

    @Test
    void roleAndUserLimitTheRun() {
        String prefix = fixture.prefix();
        PermissionReport report = run(
                spec(), new RunOptions(false, false, Set.of(prefix + "reporter"), Set.of(prefix + "looker"), false));

        assertThat(fixture.roleExists("reporter")).isTrue();
        assertThat(fixture.roleExists("looker")).isTrue();
        assertThat(fixture.roleExists("loader")).isFalse();
        assertThat(report.plan().rolesCreated()).isEqualTo(2);
        assertThat(fixture.tablePrivilege("looker", "analytics", "customers", "SELECT"))
                .isTrue();

        assertThatThrownBy(() -> run(spec(), new RunOptions(false, false, Set.of(prefix + "looker"), Set.of(), false)))
                .hasMessageContaining("--role " + prefix + "looker: roles.yml declares no role");
    }

    @Test
    void grantsToPublicInManagedSchemasAreRevoked() {
        fixture.sql(
                "grant usage on schema P_analytics_sensitive to public",
                "grant select on P_analytics_sensitive.salaries to public");

        run(spec(), RunOptions.DEFAULT);

        assertThat(fixture.tablePrivilege("reporter", "analytics_sensitive", "salaries", "SELECT"))
                .isFalse();
        assertThat(fixture.schemaPrivilege("reporter", "analytics_sensitive", "USAGE"))
                .isFalse();
    }

    @Test
    void ownsHandsOverTablesAndViewsAndNeverTakesOwnershipBack() {
        fixture.sql("create view P_analytics.v as select 1 as x");
        PermissionSpec owning = spec(teamSpec()
                .replace(
                        "owns:\n        schemas: [analytics.analytics]",
                        "owns:\n        schemas: [analytics.analytics]\n        tables: [analytics.analytics.*]"));

        run(owning, RunOptions.DEFAULT);

        assertThat(fixture.bool("select viewowner = '" + fixture.prefix() + "transformer' from pg_views"
                        + " where schemaname = '" + fixture.prefix() + "analytics' and viewname = 'v'"))
                .isTrue();
        assertThat(fixture.bool("select tableowner = '" + fixture.prefix() + "transformer' from pg_tables"
                        + " where schemaname = '" + fixture.prefix() + "analytics' and tablename = 'customers'"))
                .isTrue();
        PermissionReport without = run(spec(), RunOptions.DEFAULT);
        assertThat(without.plan().toRun()).noneMatch(step -> step.sql().contains("OWNER TO"));
        assertThat(fixture.bool("select tableowner = '" + fixture.prefix() + "transformer' from pg_tables"
                        + " where schemaname = '" + fixture.prefix() + "analytics' and tablename = 'customers'"))
                .isTrue();
    }

    @Test
    void aFailingStatementLeavesTheWarehouseAsItWas() throws SQLException {
        // a PERMISSION user that may create roles but owns no schema cannot hand analytics.analytics over
        fixture.sql("create role P_bot login createrole");
        try (WarehouseSession bot = fixture.sessionAs("bot")) {
            assertThatThrownBy(() -> PermissionBot.run(bot, spec(), fixture.layout(), RunOptions.DEFAULT, printed::add))
                    .isInstanceOf(WarehouseException.class)
                    .hasMessageContaining("failed, so none was kept (the run is one transaction): ALTER SCHEMA")
                    .hasMessageContaining("must be owner of schema");
        }
        assertThat(fixture.roleExists("loader")).isFalse();
        assertThat(fixture.roleExists("reporter")).isFalse();
    }

    @Test
    void aSnapshotAppendsRolesMembershipsAndGrantsWithTheirUploadTime() {
        run(spec(), RunOptions.DEFAULT);
        String schema = RolesSnapshot.schema(fixture.layout());
        assertThat(schema).isEqualTo(fixture.prefix() + "snapshots");

        Map<String, Integer> first =
                RolesSnapshot.take(fixture.session(), fixture.layout(), Instant.parse("2024-05-13T00:00:00Z"));
        RolesSnapshot.take(fixture.session(), fixture.layout(), Instant.parse("2024-05-14T00:00:00Z"));

        assertThat(first.get(RolesSnapshot.ROLES)).isGreaterThanOrEqualTo(5);
        String prefix = fixture.prefix();
        assertThat(fixture.session()
                        .query("select count(distinct _uploaded_at) from " + schema
                                + ".permission_roles where role_name = '" + prefix + "looker' and can_login")
                        .rows()
                        .get(0)
                        .get(0))
                .isEqualTo(2L);
        assertThat(fixture.bool("select exists (select 1 from " + schema + ".permission_memberships where member = '"
                        + prefix + "looker' and role_name = '" + prefix + "reporter' and _uploaded_at = '2024-05-13')"))
                .isTrue();
        assertThat(fixture.bool("select exists (select 1 from " + schema + ".permission_grants where grantee = '"
                        + prefix + "reporter' and object_type = 'table' and object_schema = '" + prefix
                        + "analytics' and object_name = 'customers' and privilege = 'SELECT')"))
                .isTrue();
        assertThat(fixture.bool("select not exists (select 1 from " + schema + ".permission_grants where grantee = '"
                        + prefix + "reporter' and object_schema = '" + prefix + "analytics_sensitive')"))
                .isTrue();
    }
}
