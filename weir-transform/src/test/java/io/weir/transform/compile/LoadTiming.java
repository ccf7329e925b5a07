package io.weir.transform.compile;

import io.weir.transform.project.Node;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Times loading and compiling a generated project of 2,000 models (1 to 3 refs each) and 5,000 column tests. Run by
 * hand with {@code -Dweir.timing=true}; it prints, it does not assert.
 */
@EnabledIfSystemProperty(named = "weir.timing", matches = "true")
class LoadTiming {
    private static final int MODELS = 2_000;
    private static final int TESTS = 5_000;

    @TempDir
    Path temp;

    @Test
    void loadAndCompileALargeProject() {
        generate(temp);
        long start = System.nanoTime();
        TransformProject project = TransformProject.load(temp, Fixtures.duckdb(temp), Map.of(), Map.of());
        long loaded = System.nanoTime();
        int compiled = 0;
        for (Node node : project.manifest().nodes().values()) {
            project.compile(node, null, false);
            compiled++;
        }
        long done = System.nanoTime();
        System.out.printf(
                "nodes=%d load=%d ms compile(%d)=%d ms total=%d ms%n",
                project.manifest().nodes().size(),
                (loaded - start) / 1_000_000,
                compiled,
                (done - loaded) / 1_000_000,
                (done - start) / 1_000_000);
    }

    private static void generate(Path dir) {
        Random random = new Random(42);
        Fixtures.write(dir, "dbt_project.yml", "name: big\nprofile: big\nmodels:\n  big:\n    +materialized: table\n");
        StringBuilder properties = new StringBuilder("version: 2\nmodels:\n");
        int tests = 0;
        for (int i = 0; i < MODELS; i++) {
            StringBuilder sql = new StringBuilder();
            if (i % 10 == 0) {
                sql.append("{{ config(materialized='view', tags=['t")
                        .append(i % 7)
                        .append("']) }}\n");
            }
            sql.append("select a.id, a.value\nfrom ");
            if (i == 0) {
                sql.append("(select 1 as id, 2 as value) a\n");
            } else {
                int refs = 1 + random.nextInt(3);
                sql.append("{{ ref('model_").append(random.nextInt(i)).append("') }} a\n");
                for (int r = 1; r < refs; r++) {
                    sql.append("join {{ ref('model_")
                            .append(random.nextInt(i))
                            .append("') }} r")
                            .append(r)
                            .append(" on r")
                            .append(r)
                            .append(".id = a.id\n");
                }
            }
            if (i % 25 == 0) {
                sql.append("where a.value > {{ var('threshold', 0) }}\n");
            }
            Fixtures.write(dir, "models/group_" + (i % 20) + "/model_" + i + ".sql", sql.toString());
            properties.append("  - name: model_").append(i).append("\n    columns:\n");
            int columnTests = i < TESTS - 2 * MODELS ? 3 : 2;
            properties.append("      - name: id\n        tests: [unique, not_null]\n");
            tests += 2;
            if (columnTests == 3) {
                properties
                        .append("      - name: value\n        tests:\n          - accepted_values:\n")
                        .append("              values: [1, 2, 3]\n              quote: false\n");
                tests++;
            }
        }
        Fixtures.write(dir, "models/schema.yml", properties.toString());
        System.out.println("generated " + MODELS + " models and " + tests + " tests");
    }
}
