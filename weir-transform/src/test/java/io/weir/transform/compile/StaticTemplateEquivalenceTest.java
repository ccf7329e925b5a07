package io.weir.transform.compile;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.transform.jinja.StaticTemplate;
import io.weir.transform.project.Node;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The static fast path renders exactly what Jinjava renders, and compiling is safe on many threads. */
class StaticTemplateEquivalenceTest {
    private static final List<String> TEMPLATES = List.of(
            "select * from {{ ref('base') }}",
            "{{ config(materialized='table', tags=['a', \"b\"], meta={'k': 1}, full_refresh=False) }}\n"
                    + "select * from {{ ref('base') }}",
            "{# leading comment #}\nselect\n    id\nfrom {{- ref('base') -}}  \n  where true",
            "select * from {{ source('raw', 'items') }} s\njoin {{ ref('base') }} b on b.id = s.id\n{# trailing #}\n",
            "select '}' as brace, '{' as other from {{ ref('base') }}");

    @TempDir
    Path temp;

    @Test
    void staticTemplatesRenderAsJinjavaDoes() {
        Fixtures.write(temp, "dbt_project.yml", "name: same\nprofile: same\n");
        Fixtures.write(temp, "models/base.sql", "select 1 as id");
        Fixtures.write(
                temp, "models/sources.yml", "version: 2\nsources:\n  - name: raw\n    tables:\n      - name: items\n");
        for (int i = 0; i < TEMPLATES.size(); i++) {
            Fixtures.write(temp, "models/m" + i + ".sql", TEMPLATES.get(i));
        }
        TransformProject project = TransformProject.load(temp, Fixtures.duckdb(temp), Map.of(), Map.of());
        for (int i = 0; i < TEMPLATES.size(); i++) {
            String template = TEMPLATES.get(i);
            assertThat(StaticTemplate.parse(template)).as(template).isPresent();
            Node node = project.manifest().nodes().get("model.same.m" + i);
            assertThat(project.compile(node, null, false))
                    .as(template)
                    .isEqualTo(project.render(node, template, null, false));
        }
        Node configured = project.manifest().nodes().get("model.same.m1");
        assertThat(configured.config().materialized()).isEqualTo("table");
        assertThat(configured.config().tags()).containsExactly("a", "b");
        assertThat(configured.config().get("full_refresh")).isEqualTo(false);
    }

    @Test
    void templatesWithOtherJinjaAreLeftToJinjava() {
        assertThat(StaticTemplate.parse("select {{ var('x') }}")).isEmpty();
        assertThat(StaticTemplate.parse("{% if true %}select 1{% endif %}")).isEmpty();
        assertThat(StaticTemplate.parse("select * from {{ ref(name) }}")).isEmpty();
        assertThat(StaticTemplate.parse("{{ config(materialized=var('m')) }}")).isEmpty();
    }

    @Test
    void macrosCallingRefAndVarCompileTheSameOnManyThreads() throws Exception {
        Fixtures.write(temp, "dbt_project.yml", "name: threads\nprofile: threads\nvars:\n  floor: 3\n");
        Fixtures.write(
                temp,
                "macros/select_from.sql",
                "{% macro select_from(name) %}select * from {{ ref(name) }} where id > {{ var('floor') }}{% endmacro %}");
        Fixtures.write(temp, "models/base.sql", "select 1 as id");
        for (int i = 0; i < 40; i++) {
            Fixtures.write(temp, "models/m" + i + ".sql", "{{ select_from('base') }} and {{ " + i + " }} = " + i);
        }
        TransformProject project = TransformProject.load(temp, Fixtures.duckdb(temp), Map.of(), Map.of());
        Node first = project.manifest().nodes().get("model.threads.m0");
        assertThat(first.dependsOn()).containsExactly("model.threads.base");
        assertThat(project.compile(first, null, false))
                .isEqualTo("select * from \"analytics\".\"main\".\"base\" where id > 3 and 0 = 0");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                for (int i = 0; i < 40; i++) {
                    Node node = project.manifest().nodes().get("model.threads.m" + i);
                    String expected = "select * from \"analytics\".\"main\".\"base\" where id > 3 and " + i + " = " + i;
                    results.add(
                            pool.submit(() -> project.compile(node, null, false).equals(expected)));
                }
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
