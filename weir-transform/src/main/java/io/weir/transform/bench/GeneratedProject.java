package io.weir.transform.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes a dbt project of a given size for the benchmark: models in folders of 100, each selecting from one to three
 * earlier models (the first ones from a generated range), and column tests in one properties file per folder. The
 * same seed gives the same project.
 */
public final class GeneratedProject {
    private static final int MODELS_PER_FOLDER = 100;

    private GeneratedProject() {}

    /**
     * Writes the project into {@code dir}.
     *
     * @param models how many models
     * @param tests how many generic tests, spread over the models' columns (unique, not_null, accepted_values,
     *     relationships)
     * @param materialized the models' materialization
     * @param duckdbFile the DuckDB file its profile points at
     */
    public static void write(Path dir, int models, int tests, String materialized, Path duckdbFile) {
        write(dir, models, tests, materialized, duckdbFile, false);
    }

    /**
     * As {@link #write(Path, int, int, String, Path)}; with {@code packageMacros}, the project also lists a local
     * package {@code bench_utils} (in {@code bench_utils/}, to be installed by deps) whose dbt_utils-like macros most
     * models call: {@code surrogate_key} (dispatched, over {@code dbt.hash} and {@code dbt.concat}), {@code star},
     * {@code union_relations}, and {@code dbt.dateadd}.
     */
    public static void write(
            Path dir, int models, int tests, String materialized, Path duckdbFile, boolean packageMacros) {
        try {
            if (packageMacros) {
                PackageMacrosProject.writePackage(dir);
            }
            Files.createDirectories(dir.resolve("models"));
            Files.writeString(
                    dir.resolve("dbt_project.yml"),
                    """
                    name: bench
                    version: "1.0.0"
                    config-version: 2
                    profile: bench
                    models:
                      bench:
                        +materialized: %s
                    """
                            .formatted(materialized));
            Files.writeString(
                    dir.resolve("profiles.yml"),
                    """
                    bench:
                      target: dev
                      outputs:
                        dev:
                          type: duckdb
                          path: "%s"
                          schema: bench
                          threads: 1
                    """
                            .formatted(duckdbFile.toAbsolutePath().toString().replace("\\", "/")));
            Random random = new Random(42);
            int testsLeft = tests;
            for (int folder = 0; folder * MODELS_PER_FOLDER < models; folder++) {
                Path folderDir = dir.resolve("models").resolve("layer_" + folder);
                Files.createDirectories(folderDir);
                StringBuilder properties = new StringBuilder("version: 2\nmodels:\n");
                int end = Math.min(models, (folder + 1) * MODELS_PER_FOLDER);
                int foldersLeft = (models - 1) / MODELS_PER_FOLDER - folder + 1;
                int testsHere = testsLeft / foldersLeft;
                testsLeft -= testsHere;
                for (int model = folder * MODELS_PER_FOLDER; model < end; model++) {
                    String sql = modelSql(model, random);
                    Files.writeString(
                            folderDir.resolve(name(model) + ".sql"),
                            packageMacros ? PackageMacrosProject.withMacroCalls(model, sql) : sql);
                    int testsOfModel = testsHere / (end - model);
                    testsHere -= testsOfModel;
                    properties.append(properties(model, testsOfModel));
                }
                Files.writeString(folderDir.resolve("schema.yml"), properties);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the benchmark project into " + dir, e);
        }
    }

    static String name(int model) {
        return "model_%04d".formatted(model);
    }

    private static String modelSql(int model, Random random) {
        if (model < 10) {
            return "select i as id, i %% 7 as category, i * %d as amount from range(100) t(i)\n".formatted(model + 1);
        }
        int refs = 1 + random.nextInt(3);
        StringBuilder sql = new StringBuilder("select a.id, a.category, a.amount");
        StringBuilder from = new StringBuilder("\nfrom {{ ref('" + name(random.nextInt(model)) + "') }} a");
        for (int r = 1; r < refs; r++) {
            String alias = "r" + r;
            sql.append(" + coalesce(").append(alias).append(".amount, 0)");
            from.append("\nleft join {{ ref('")
                    .append(name(random.nextInt(model)))
                    .append("') }} ")
                    .append(alias)
                    .append(" on ")
                    .append(alias)
                    .append(".id = a.id");
        }
        return sql.append(" as amount").append(from).append('\n').toString();
    }

    private static String properties(int model, int tests) {
        StringBuilder yaml = new StringBuilder("  - name: ").append(name(model)).append('\n');
        String[][] candidates = {
            {"id", "unique"},
            {"id", "not_null"},
            {"category", "accepted_values:\n              values: [0, 1, 2, 3, 4, 5, 6]\n              quote: false"},
            {"id", "relationships:\n              to: ref('model_0000')\n              field: id"},
            {"category", "not_null"},
            {"amount", "not_null"}
        };
        int count = Math.min(tests, candidates.length);
        if (count == 0) {
            return yaml.toString();
        }
        yaml.append("    columns:\n");
        for (String column : new String[] {"id", "category", "amount"}) {
            StringBuilder columnTests = new StringBuilder();
            for (int i = 0; i < count; i++) {
                if (candidates[i][0].equals(column)) {
                    columnTests.append("          - ").append(candidates[i][1]).append('\n');
                }
            }
            if (!columnTests.isEmpty()) {
                yaml.append("      - name: ")
                        .append(column)
                        .append("\n        tests:\n")
                        .append(columnTests);
            }
        }
        return yaml.toString();
    }
}
