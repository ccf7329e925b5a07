package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtractYamlCommandTest {
    @TempDir
    Path project;

    private CliRun weir(String... args) {
        String[] withProject = new String[args.length + 2];
        withProject[0] = "--project";
        withProject[1] = project.toString();
        System.arraycopy(args, 0, withProject, 2, args.length);
        return CliRun.run(Map.of(), withProject);
    }

    @Test
    void landsTheListWithTheChosenFieldsAndABadPathIsOneMessage() throws Exception {
        Files.writeString(project.resolve("weir.yaml"), "");
        Files.writeString(
                project.resolve("releases.yml"),
                """
                releases:
                  - {version: "1.0", date: 2024-01-15, notes: first}
                  - {version: "1.1", date: 2024-03-02}
                """);

        CliRun run =
                weir("extract", "yaml", "releases.yml", "-t", "releases", "--path", ".releases[]", "-f", "date=date");
        CliRun query = weir("sql", "select max(date) as latest, count(*) as n from raw.yaml.releases");
        CliRun wrong = weir("extract", "yaml", "releases.yml", "-t", "releases", "--path", ".release[]");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("Table releases: 2 rows into raw.yaml.releases in ");
        assertThat(query.out()).endsWith("2024-03-02 | 2\n");
        assertThat(wrong.exitCode()).isEqualTo(1);
        assertThat(wrong.err())
                .isEqualTo("error: releases.yml has no value at '.release[]' for table releases; check its 'path'"
                        + " (such as .team[] for the list under team:)\n");
    }
}
