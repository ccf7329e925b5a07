package io.weir.transform.deps;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.transform.Transform;
import io.weir.transform.TransformOptions;
import io.weir.transform.TransformStep;
import io.weir.transform.compile.Fixtures;
import io.weir.transform.run.RunReport;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.WarehouseTarget;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A root project whose models ref the models of a local package and of a git package (a bare repository made
 * here), configured from the root's {@code models: <package>:} tree, with the packages' own and namespaced generic
 * tests, built end to end on a real warehouse.
 */
abstract class PackageProjectContract {
    @TempDir
    Path temp;

    private Path root;
    private String out;

    /** The warehouse the project builds on; its schema is the target schema. */
    abstract WarehouseTarget target();

    @BeforeEach
    void project() throws Exception {
        root = temp.resolve("shop");
        Fixtures.write(
                temp,
                "helpers/dbt_project.yml",
                """
                name: helpers
                profile: helpers
                vars:
                  word: hi
                  row_limit: 1
                models:
                  helpers:
                    +materialized: table
                    +schema: helpers
                """);
        Fixtures.write(temp, "helpers/macros/strings.sql", "{% macro shout(text) %}upper({{ text }}){% endmacro %}\n");
        Fixtures.write(
                temp,
                "helpers/macros/positive.sql",
                "{% test positive(model, column_name) %}\n"
                        + "select * from {{ model }} where {{ column_name }} <= 0\n{% endtest %}\n");
        Fixtures.write(
                temp,
                "helpers/models/helper_numbers.sql",
                "select {{ shout(\"'a'\") }} as letter, 1 as n\nunion all\nselect {{ shout(\"'b'\") }}, 2\n");
        Fixtures.write(
                temp,
                "helpers/models/helper_vars.sql",
                "select '{{ var(\"word\") }}' as word, {{ var('row_limit') }} as row_limit,"
                        + " '{{ var('owner') }}' as owner\n");
        Fixtures.write(
                temp, "helpers/models/helper_totals.sql", "select sum(n) as total from {{ ref('helper_numbers') }}\n");
        Fixtures.write(
                temp,
                "helpers/models/schema.yml",
                """
                version: 2
                models:
                  - name: helper_numbers
                    columns:
                      - name: n
                        tests: [unique, not_null, positive]
                """);
        Fixtures.write(temp, "helpers/seeds/helper_countries.csv", "code,name\nNL,Netherlands\nFR,France\n");
        Fixtures.write(
                temp,
                "helpers/snapshots/helper_history.sql",
                "{% snapshot helper_numbers_history %}\n"
                        + "{{ config(unique_key='n', strategy='check', check_cols=['letter']) }}\n"
                        + "select * from {{ ref('helper_numbers') }}\n{% endsnapshot %}\n");
        Fixtures.write(
                temp,
                "helpers/tests/assert_countries_named.sql",
                "select * from {{ ref('helper_countries') }} where name is null\n");
        Fixtures.write(
                temp, "helpers/analyses/helper_report.sql", "select count(*) from {{ ref('helper_countries') }}\n");
        GitRepositories repository = GitRepositories.create(temp.resolve("repo"));
        repository.commit(
                Map.of(
                        "dbt_project.yml", "name: greeter\nprofile: greeter\n",
                        "macros/greet.sql", "{% macro greet(who) %}'hello ' || {{ who }}{% endmacro %}\n",
                        "macros/expression_is_true.sql",
                                "{% test expression_is_true(model, expression) %}\n"
                                        + "select * from {{ model }} where not ({{ expression }})\n{% endtest %}\n",
                        "models/greetings.sql", "select {{ greet(\"'ada'\") }} as greeting\n"),
                "greeter 1.0.0");
        repository.tag("1.0.0");
        String gitUrl = repository.bare(temp.resolve("greeter.git"));
        repository.close();
        Fixtures.write(
                root,
                "dbt_project.yml",
                """
                name: shop
                profile: shop
                vars:
                  owner: data
                  helpers:
                    row_limit: 5
                  shop:
                    word: ours
                models:
                  shop:
                    +materialized: table
                  helpers:
                    helper_totals:
                      +materialized: view
                  greeter:
                    +materialized: table
                seeds:
                  helpers:
                    +schema: reference
                snapshots:
                  +target_schema: nowhere
                  helpers:
                    +target_schema: "%1$s_history"
                """
                        .formatted(target().schema()));
        Fixtures.write(
                root,
                "snapshots/letters_history.sql",
                "{%% snapshot letters_history %%}\n{{ config(target_schema='%s_archive', unique_key='n',"
                                .formatted(target().schema())
                        + " strategy='check', check_cols='all') }}\nselect * from {{ ref('letters') }}\n"
                        + "{% endsnapshot %}\n");
        Fixtures.write(
                root,
                "packages.yml",
                "packages:\n  - local: ../helpers\n  - git: \"" + gitUrl + "\"\n    revision: 1.0.0\n");
        Fixtures.write(
                root,
                "models/letters.sql",
                "select numbers.letter, numbers.n, greetings.greeting\n"
                        + "from {{ ref('helpers', 'helper_numbers') }} as numbers\n"
                        + "cross join {{ ref('greetings') }} as greetings\n");
        Fixtures.write(
                root,
                "models/schema.yml",
                """
                version: 2
                models:
                  - name: letters
                    tests:
                      - greeter.expression_is_true:
                          expression: "n > 0"
                      - greeter.expression_is_true:
                          name: letters_below_two
                          expression: "n < 2"
                          config:
                            severity: warn
                """);
        new PackageInstaller(root, Map.of(), line -> {}).install();
    }

    @Test
    void packageModelsAndTestsBuildWithTheRootProjectsConfiguration() {
        RunReport report = build();

        Map<String, String> statuses = statuses(report);
        assertThat(statuses)
                .containsEntry("model.helpers.helper_numbers", "success")
                .containsEntry("model.helpers.helper_totals", "success")
                .containsEntry("model.greeter.greetings", "success")
                .containsEntry("model.shop.letters", "success")
                .containsEntry("test.helpers.unique_helper_numbers_n", "pass")
                .containsEntry("test.helpers.positive_helper_numbers_n", "pass")
                .containsEntry("test.shop.letters_below_two", "warn");
        assertThat(statuses.keySet()).anyMatch(id -> id.startsWith("test.shop.greeter_expression_is_true_letters_"));
        assertThat(statuses).doesNotContainValue("error").doesNotContainValue("fail");
        String schema = target().schema();
        assertThat(rows("select letter, n, greeting from " + relation(schema, "letters") + " order by n"))
                .containsExactly(List.of("A", 1, "hello ada"), List.of("B", 2, "hello ada"));
        assertThat(tableType(schema + "_helpers", "helper_numbers")).isEqualTo("BASE TABLE");
        assertThat(tableType(schema + "_helpers", "helper_totals")).isEqualTo("VIEW");
        assertThat(tableType(schema, "greetings")).isEqualTo("BASE TABLE");
        assertThat(rows("select total from " + relation(schema + "_helpers", "helper_totals")))
                .containsExactly(List.of(3));
        assertThat(out).contains("Done. PASS=13 WARN=1 ERROR=0 SKIP=0 TOTAL=14");
        assertThat(root.resolve("target/compiled/helpers/models/helper_numbers.sql"))
                .content()
                .contains("upper('a') as letter");
        assertThat(root.resolve("target/run/greeter/models/greetings.sql"))
                .content()
                .contains("'hello ' || 'ada'");
    }

    @Test
    void packageSeedsSnapshotsAndSingularTestsBuildConfiguredFromTheRootProject() {
        RunReport report = build();

        assertThat(statuses(report))
                .containsEntry("seed.helpers.helper_countries", "success")
                .containsEntry("snapshot.helpers.helper_numbers_history", "success")
                .containsEntry("test.helpers.assert_countries_named", "pass")
                .containsEntry("snapshot.shop.letters_history", "success");
        String schema = target().schema();
        assertThat(rows("select code from " + relation(schema + "_reference", "helper_countries") + " order by code"))
                .containsExactly(List.of("FR"), List.of("NL"));
        assertThat(rows("select letter from " + relation(schema + "_history", "helper_numbers_history")
                        + " order by letter"))
                .containsExactly(List.of("A"), List.of("B"));
        assertThat(tableType(schema + "_archive", "letters_history")).isEqualTo("BASE TABLE");
        assertThat(rows("select count(*) from information_schema.tables where table_schema = 'nowhere'"))
                .containsExactly(List.of(0));
    }

    @Test
    void aPackagesAnalysesCompileIntoItsOwnFolder() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(bytes, true, StandardCharsets.UTF_8);
                Transform transform = Transform.open(options())) {
            assertThat(transform.compile(print).success()).isTrue();
        }

        assertThat(root.resolve("target/compiled/helpers/analyses/helper_report.sql"))
                .content()
                .contains("select count(*) from ")
                .contains("helper_countries");
    }

    @Test
    void aPackagesNodesSeeItsVarsUnderTheRootProjectsScopedAndUnscopedOnes() {
        assertThat(statuses(build())).containsEntry("model.helpers.helper_vars", "success");

        assertThat(rows("select word, row_limit, owner from "
                        + relation(target().schema() + "_helpers", "helper_vars")))
                .containsExactly(List.of("hi", 5, "data"));
    }

    private RunReport build() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(bytes, true, StandardCharsets.UTF_8);
                Transform transform = Transform.open(options())) {
            RunReport report = transform.execute(TransformStep.BUILD, print);
            out = bytes.toString(StandardCharsets.UTF_8);
            return report;
        }
    }

    private TransformOptions options() {
        return new TransformOptions(
                root, null, null, List.of(), List.of(), false, Map.of(), 2, false, target(), null, null, null,
                Map.of());
    }

    /** Each result's status by unique id, a generic test's without the hash that ends it. */
    private static Map<String, String> statuses(RunReport report) {
        return report.results().stream()
                .collect(Collectors.toMap(
                        result -> result.uniqueId().replaceFirst("^(test\\..*)\\.[0-9a-f]{10}$", "$1"),
                        result -> result.status().resultName(),
                        (a, b) -> a,
                        TreeMap::new));
    }

    private String relation(String schema, String table) {
        return target().dialect().quote(target().database()) + "."
                + target().dialect().quote(schema) + "." + target().dialect().quote(table);
    }

    private String tableType(String schema, String table) {
        List<List<Object>> found = rows("select table_type from information_schema.tables where table_schema = '"
                + schema + "' and table_name = '" + table + "'");
        assertThat(found).as("%s.%s exists", schema, table).hasSize(1);
        return found.get(0).get(0).toString();
    }

    private List<List<Object>> rows(String sql) {
        try (Warehouse warehouse = Warehouse.open(target());
                WarehouseSession session = warehouse.session()) {
            return session.query(sql).rows().stream()
                    .map(row -> row.stream()
                            .map(value -> value instanceof Number number ? (Object) number.intValue() : value)
                            .toList())
                    .toList();
        }
    }
}
