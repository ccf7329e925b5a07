package io.weir.transform.compile;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.transform.project.Node;
import io.weir.transform.project.ResourceType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuiltinTestsTest {
    @TempDir
    Path temp;

    @Test
    void theBuiltInTestsCompileExactlyAsTheirTemplatesRender() {
        Fixtures.write(temp, "dbt_project.yml", "name: same\nprofile: same\n");
        Fixtures.write(temp, "models/parent.sql", "select 1 as id");
        Fixtures.write(temp, "models/hidden.sql", "{{ config(materialized='ephemeral') }}\nselect 1 as id");
        Fixtures.write(temp, "models/child.sql", "select 1 as id, 1 as parent_id, 'a' as kind, 2 as rank");
        Fixtures.write(
                temp,
                "models/schema.yml",
                """
                version: 2
                sources:
                  - name: raw
                    tables:
                      - name: items
                        columns:
                          - name: id
                            tests: [unique, not_null]
                models:
                  - name: child
                    columns:
                      - name: id
                        tests:
                          - unique
                          - not_null:
                              config:
                                where: "kind <> 'b'"
                      - name: parent_id
                        tests:
                          - relationships:
                              to: ref('parent')
                              field: id
                          - relationships:
                              to: source('raw', 'items')
                              field: id
                          - relationships:
                              to: ref('hidden')
                              field: id
                      - name: kind
                        tests:
                          - accepted_values:
                              values: ['a', "it's"]
                      - name: rank
                        tests:
                          - accepted_values:
                              values: [1, 2, 3]
                              quote: false
                """);
        TransformProject fast = TransformProject.load(temp, Fixtures.duckdb(temp), Map.of(), Map.of());
        TransformProject templated = TransformProject.load(temp, Fixtures.duckdb(temp), Map.of(), Map.of());
        templated.renderBuiltinTestsWithTemplates();

        List<Node> tests = fast.manifest().nodes().values().stream()
                .filter(node -> node.resourceType() == ResourceType.TEST)
                .toList();

        assertThat(tests).hasSize(9);
        for (Node test : tests) {
            assertThat(BuiltinTests.compile(
                            test, test.test(), new CompileScope(fast, test, null, false), name -> false))
                    .as(test.uniqueId())
                    .isPresent();
            assertThat(fast.compile(test, null, false))
                    .as(test.uniqueId())
                    .isEqualTo(templated.compile(test, null, false));
        }
    }
}
