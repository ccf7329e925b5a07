package io.weir.governance.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecReaderTest {
    private static final Path FILE = Path.of("roles.yml");

    static String teamSpec(String rolePrefix) {
        try (InputStream in = SpecReaderTest.class.getResourceAsStream("/specs/team.yml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("ROLE_", rolePrefix);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PermissionSpec parse(String yaml) {
        return SpecReader.parse(FILE, yaml.getBytes(StandardCharsets.UTF_8));
    }

    private static List<SpecError> errors(String yaml) {
        try {
            parse(yaml);
        } catch (SpecException e) {
            return e.errors();
        }
        throw new AssertionError("the spec was accepted:\n" + yaml);
    }

    @Test
    void readsTheIssueSpec() {
        PermissionSpec spec = parse(teamSpec(""));
        assertThat(spec.databases()).containsOnlyKeys("raw", "analytics");
        assertThat(spec.plainRoles()).extracting(RoleSpec::name).containsExactly("loader", "transformer", "reporter");
        assertThat(spec.users()).extracting(RoleSpec::name).containsExactly("dbt_user", "looker");
        RoleSpec transformer = spec.roles().get("transformer");
        assertThat(transformer.memberOf()).containsExactly("loader");
        assertThat(transformer.privileges())
                .contains(new PrivilegeRule(Level.TABLES, Access.WRITE, new ObjectPattern("analytics", "*", "*", 17)));
        assertThat(transformer.owns())
                .containsExactly(
                        new OwnershipRule(Level.SCHEMAS, new ObjectPattern("analytics", "analytics", null, 19)));
        assertThat(spec.roles().get("looker").canLogin()).isTrue();
        assertThat(spec.roles().get("looker").user()).isTrue();
        assertThat(spec.snowflakeOnly())
                .singleElement()
                .asString()
                .contains("loading")
                .contains("loader");
    }

    @Test
    void readsEveryKeyPermifrostReads() {
        PermissionSpec spec = parse(
                """
                version: "1.0"
                require-owner: true
                databases:
                  - raw: {shared: no, owner: sysadmin}
                  - snowflake: {shared: yes, owner: sysadmin}
                roles:
                  - sysadmin:
                      owner: securityadmin
                      member_of: {include: ["*"], exclude: [securityadmin]}
                  - securityadmin:
                      owner: securityadmin
                      warehouses: [admin_wh]
                      integrations: [s3]
                      privileges:
                        databases: {read: [snowflake]}
                      owns:
                        databases: [raw]
                        schemas: [raw.*]
                        tables: [raw.*.*]
                  - analyst: {owner: securityadmin}
                users:
                  - ana: {can_login: no, member_of: [analyst], owner: securityadmin}
                warehouses:
                  - admin_wh: {size: x-small, owner: sysadmin}
                integrations:
                  - s3: {category: storage, owner: sysadmin}
                """);
        assertThat(spec.roles().get("sysadmin").memberOf()).containsExactly("analyst");
        assertThat(spec.roles().get("ana").canLogin()).isFalse();
        assertThat(spec.databases().get("snowflake").shared()).isTrue();
        assertThat(String.join("\n", spec.snowflakeOnly()))
                .contains("admin_wh")
                .contains("s3")
                .contains("shared databases (snowflake)")
                .contains("'owner' of database 'raw'");
    }

    @Test
    void anUnknownKeyNamesLineAndTheKeyMeant() {
        List<SpecError> errors = errors(
                """
                databases:
                  - raw: {shared: no}
                roles:
                  - loader:
                      privileges:
                        tables: {raed: [raw.*.*]}
                """);
        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.line()).isEqualTo(6);
            assertThat(error.message()).contains("Unknown key 'raed'").contains("did you mean 'read'?");
        });
    }

    @Test
    void anUndeclaredRoleOrDatabaseIsNamedWithItsLine() {
        List<SpecError> errors = errors(
                """
                databases:
                  - raw: {shared: no}
                roles:
                  - loader:
                      member_of: [transfomer]
                      privileges:
                        schemas: {read: [analytics.analytics]}
                  - transformer: {}
                """);
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0).line()).isEqualTo(5);
        assertThat(errors.get(0).message()).contains("'transfomer'").contains("did you mean 'transformer'?");
        assertThat(errors.get(1).line()).isEqualTo(7);
        assertThat(errors.get(1).message())
                .contains("database 'analytics', which the spec does not declare")
                .contains("add '- analytics: {shared: no}'");
    }

    @Test
    void badWildcardsAreRefused() {
        List<SpecError> errors = errors(
                """
                databases:
                  - raw: {shared: no}
                roles:
                  - a:
                      privileges:
                        tables: {read: [raw.*]}
                  - b:
                      privileges:
                        schemas: {read: ["*.tap"]}
                  - c:
                      privileges:
                        tables: {read: [raw.**.x]}
                """);
        assertThat(errors).extracting(SpecError::line).containsExactly(6, 9, 12);
        assertThat(errors.get(0).message())
                .contains("must have 3 dot-separated parts, such as raw.tap_postgres.orders");
        assertThat(errors.get(1).message()).contains("wildcard in its database");
        assertThat(errors.get(2).message()).contains("bad part '**'");
    }

    @Test
    void requiredKeysAndKindsAreChecked() {
        List<SpecError> errors = errors(
                """
                databases:
                  - raw: {}
                users:
                  - ana: {member_of: analyst}
                warehouses:
                  - wh: {}
                """);
        assertThat(errors)
                .extracting(SpecError::message)
                .anySatisfy(message -> assertThat(message).contains("database 'raw' has no 'shared'"))
                .anySatisfy(message -> assertThat(message).contains("user 'ana' has no 'can_login'"))
                .anySatisfy(message -> assertThat(message).contains("'member_of' of user 'ana' must be a list"))
                .anySatisfy(message -> assertThat(message).contains("warehouse 'wh' has no 'size'"));
    }

    @Test
    void aRoleDeclaredTwiceOrAsAUserIsRefused() {
        List<SpecError> errors = errors(
                """
                roles:
                  - loader: {}
                  - Loader: {}
                users:
                  - loader: {can_login: yes}
                """);
        assertThat(errors).extracting(SpecError::line).containsExactly(3, 5);
        assertThat(errors.get(0).message()).contains("declared twice (first at line 2)");
        assertThat(errors.get(1).message()).contains("also declared as a role");
    }

    @Test
    void requireOwnerAsksForOwners() {
        assertThat(errors("require-owner: true\nroles:\n  - loader: {}\n"))
                .singleElement()
                .satisfies(error -> assertThat(error.message()).contains("role 'loader' has no 'owner'"));
    }

    @Test
    void brokenYamlAndEmptyFilesSayWhere() {
        assertThat(errors("roles:\n  - loader: {privileges: [\n"))
                .singleElement()
                .satisfies(error -> {
                    assertThat(error.message()).startsWith("The spec is not valid YAML");
                    assertThat(error.line()).isGreaterThan(1);
                });
        assertThat(errors("")).singleElement().satisfies(error -> assertThat(error.message())
                .contains("empty"));
    }

    @Test
    void theExceptionMessageHasOneLinePerProblemWithFileAndLine() {
        assertThatThrownBy(() -> parse("roles:\n  - a: {bogus: 1}\n  - b: {member_of: [c]}\n"))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("2 problems in the permission spec")
                .hasMessageContaining("roles.yml:2:9: Unknown key 'bogus'")
                .hasMessageContaining("roles.yml:3:21: 'member_of' of role 'b' names role 'c'");
    }

    @Test
    void patternsMatchWildcards() {
        ObjectPattern pattern = new ObjectPattern("raw", "snowplow_*", "*", 1);
        assertThat(pattern.matchesSchema("snowplow_2024")).isTrue();
        assertThat(pattern.matchesSchema("tap_postgres")).isFalse();
        assertThat(pattern.matchesTable("anything")).isTrue();
        assertThat(pattern.allTables()).isTrue();
        assertThat(new ObjectPattern("raw", "tap", "orders", 1).matchesTable("orders_old"))
                .isFalse();
    }
}
