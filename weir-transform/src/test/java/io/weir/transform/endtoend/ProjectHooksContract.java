package io.weir.transform.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.transform.Transform;
import io.weir.transform.TransformException;
import io.weir.transform.TransformOptions;
import io.weir.transform.TransformStep;
import io.weir.transform.compile.Fixtures;
import io.weir.transform.run.RunReport;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.WarehouseTarget;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A project's own run-level features on a real warehouse: {@code on-run-start} and {@code on-run-end} hooks (with
 * {@code results} and {@code schemas}) and the {@code query-comment} on every statement.
 */
abstract class ProjectHooksContract {
    @TempDir
    Path temp;

    private Path root;
    private String out;

    /** The warehouse the project builds on; its schema is the target schema. */
    abstract WarehouseTarget target();

    @BeforeEach
    void project() {
        root = temp.resolve("shop");
        Fixtures.write(
                root,
                "dbt_project.yml",
                """
                name: shop
                profile: shop
                models:
                  shop:
                    +materialized: table
                on-run-start:
                  - "create schema if not exists {{ target.schema if target.type == 'postgres' else target.database ~ '.' ~ target.schema }}"
                  - "create table if not exists {{ target.database }}.{{ target.schema }}.run_log (event varchar(40), detail varchar(200))"
                  - "insert into {{ target.database }}.{{ target.schema }}.run_log values ('start', '{{ schemas | join(',') }}')"
                on-run-end:
                  - >-
                    insert into {{ target.database }}.{{ target.schema }}.run_log values
                    {% for result in results %}('{{ result.node.name }}', '{{ result.status }}')
                    {{- ',' if not loop.last }}{% endfor %}
                query-comment:
                  comment: "weir run of {{ node.unique_id if node else 'hooks' }} on {{ target.name }}"
                  append: true
                """);
        Fixtures.write(root, "models/numbers.sql", "select 1 as n union all select 2\n");
        Fixtures.write(root, "models/total.sql", "select sum(n) as total from {{ ref('numbers') }}\n");
        Fixtures.write(root, "models/broken.sql", "select no_such_column from {{ ref('numbers') }}\n");
    }

    @Test
    void runHooksRunAroundTheNodesAndTheEndHookSeesTheResults() {
        RunReport report = run();

        assertThat(report.success()).isFalse();
        assertThat(out)
                .contains("Running 3 on-run-start hooks")
                .contains("OK hook dbt_project.yml on-run-start[2]")
                .contains("Running 1 on-run-end hook");
        assertThat(rows("select event, detail from " + target().database() + "." + target().schema()
                        + ".run_log order by event"))
                .containsExactly(
                        List.of("broken", "error"),
                        List.of("numbers", "success"),
                        List.of("start", target().schema()),
                        List.of("total", "success"));
    }

    @Test
    void theQueryCommentIsAppendedToEveryStatementOfANode() {
        run();

        assertThat(root.resolve("target/run/shop/models/total.sql"))
                .content()
                .contains("/* weir run of model.shop.total on " + target().name() + " */")
                .doesNotContain("model.shop.numbers");
        String total = readRun("total.sql");
        assertThat(total.split(";\n\n")).hasSizeGreaterThan(1).allSatisfy(statement -> assertThat(
                        statement.strip().replaceFirst(";$", ""))
                .endsWith("/* weir run of model.shop.total on " + target().name() + " */"));
    }

    @Test
    void aPrependedStringCommentAndNoCommentAreHonoured() {
        Fixtures.write(
                root,
                "dbt_project.yml",
                "name: shop\nprofile: shop\nmodels:\n  +materialized: table\nquery-comment: \"by {{ node.name }}\"\n");
        run();
        assertThat(readRun("numbers.sql")).startsWith("/* by numbers */\n");

        Fixtures.write(
                root,
                "dbt_project.yml",
                "name: shop\nprofile: shop\nmodels:\n  +materialized: table\n" + "query-comment: null\n");
        run();
        assertThat(readRun("numbers.sql")).doesNotContain("/*");
    }

    @Test
    void aCommentThatWouldEndEarlyFailsTheNodeSayingWhy() {
        Fixtures.write(
                root,
                "dbt_project.yml",
                "name: shop\nprofile: shop\nquery-comment: \"{{ node.name }} */ drop table x; /*\"\n");

        RunReport report = run();

        assertThat(report.success()).isFalse();
        assertThat(report.result("model.shop.numbers").orElseThrow().outcome().message())
                .isEqualTo("The query-comment of dbt_project.yml renders to text holding '*/', which would end the"
                        + " comment early; remove it from the comment");
        assertThat(root.resolve("target/run/shop/models/numbers.sql")).doesNotExist();
    }

    @Test
    void aFailingStartHookStopsTheRunNamingTheHook() {
        Fixtures.write(
                root,
                "dbt_project.yml",
                "name: shop\nprofile: shop\non-run-start:\n  - \"select * from no_such_table_anywhere\"\n");

        assertThatThrownBy(this::run)
                .isInstanceOf(TransformException.class)
                .hasMessageStartingWith("Error in the hook dbt_project.yml on-run-start[0]: ");
        assertThat(root.resolve("target/run/shop/models/numbers.sql")).doesNotExist();
    }

    private String readRun(String file) {
        try {
            return Files.readString(root.resolve("target/run/shop/models/" + file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private RunReport run() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TransformOptions options = new TransformOptions(
                root, null, null, List.of(), List.of(), false, Map.of(), 1, false, target(), null, null, null,
                Map.of());
        try (PrintStream print = new PrintStream(bytes, true, StandardCharsets.UTF_8);
                Transform transform = Transform.open(options)) {
            return transform.execute(TransformStep.RUN, print);
        } finally {
            out = bytes.toString(StandardCharsets.UTF_8);
        }
    }

    private List<List<Object>> rows(String sql) {
        try (Warehouse warehouse = Warehouse.open(target());
                WarehouseSession session = warehouse.session()) {
            return session.query(sql).rows().stream()
                    .map(row -> row.stream()
                            .map(value -> (Object) String.valueOf(value))
                            .toList())
                    .toList();
        }
    }
}
