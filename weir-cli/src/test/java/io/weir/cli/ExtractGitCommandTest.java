package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtractGitCommandTest {
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
    void landsTheIntervalOrTheWholeHistory() throws Exception {
        Files.writeString(project.resolve("weir.yaml"), "");
        try (Git git = Git.init()
                .setDirectory(project.resolve("repo").toFile())
                .setInitialBranch("main")
                .call()) {
            for (String day : new String[] {"2024-05-01", "2024-05-02", "2024-05-03"}) {
                Files.writeString(project.resolve("repo/" + day + ".txt"), day + "\n");
                git.add().addFilepattern(".").call();
                PersonIdent ana =
                        new PersonIdent("Ana", "ana@example.com", Instant.parse(day + "T12:00:00Z"), ZoneOffset.UTC);
                git.commit()
                        .setMessage("Day " + day)
                        .setAuthor(ana)
                        .setCommitter(ana)
                        .call();
            }
        }

        CliRun day = weir("extract", "git", "repo", "-s", "2024-05-02");
        CliRun dayCount = weir("sql", "select count(*) as n from raw.git.commits");
        CliRun all = weir("extract", "git", "repo", "--all");
        CliRun allCount = weir("sql", "select count(*) as n, sum(lines_added) as added from raw.git.commits");

        assertThat(day.exitCode()).as(day.toString()).isZero();
        assertThat(day.out()).startsWith("Repository repo: 1 commits into raw.git.commits (merge on sha) in ");
        assertThat(dayCount.out()).isEqualTo("n\n=\n1\n");
        assertThat(all.exitCode()).as(all.toString()).isZero();
        assertThat(allCount.out()).endsWith("3 | 3\n");
    }
}
