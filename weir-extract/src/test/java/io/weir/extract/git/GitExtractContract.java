package io.weir.extract.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.core.task.TaskFailure;
import io.weir.core.task.TaskResult;
import io.weir.extract.testing.RawWarehouse;
import io.weir.extract.testing.TaskTry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** extract.git on repositories made in the test, once per warehouse. */
abstract class GitExtractContract {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path project;

    RawWarehouse warehouse;
    Git source;

    abstract RawWarehouse warehouse(Path project) throws Exception;

    @BeforeEach
    void createRepository() throws Exception {
        warehouse = warehouse(project);
        source = Git.init()
                .setDirectory(project.resolve("repos/analytics").toFile())
                .setInitialBranch("main")
                .call();
        commit("Add the orders model", "2024-05-01T10:00:00Z", "UTC", Map.of("a.sql", "select 1\nfrom x\nwhere y\n"));
        commit(
                "Fix the filter\n\nThe old one dropped refunds.",
                "2024-05-01T15:00:00Z",
                "UTC",
                Map.of("a.sql", "select 1\nfrom x\nwhere z\n", "b.yml", "models:\n  - a\n"));
        commit("Remove b.yml", "2024-05-02T09:00:00+02:00", "Europe/Berlin", Map.of("b.yml", ""));
    }

    @AfterEach
    void drop() {
        source.close();
        warehouse.drop();
    }

    /** Commits {@code files} (an empty text deletes the file) as Ana at {@code when}. */
    private void commit(String message, String when, String zone, Map<String, String> files) throws Exception {
        Path dir = source.getRepository().getWorkTree().toPath();
        for (Map.Entry<String, String> file : files.entrySet()) {
            if (file.getValue().isEmpty()) {
                source.rm().addFilepattern(file.getKey()).call();
            } else {
                Files.writeString(dir.resolve(file.getKey()), file.getValue());
                source.add().addFilepattern(file.getKey()).call();
            }
        }
        PersonIdent ana = new PersonIdent(
                "Ana Lima",
                "ana@example.com",
                Instant.parse(when.replace("+02:00", "Z")).minusSeconds(when.endsWith("+02:00") ? 7200 : 0),
                ZoneId.of(zone));
        source.commit().setMessage(message).setAuthor(ana).setCommitter(ana).call();
    }

    private TaskTry task(String repository, String day, Map<String, Object> extra) {
        return task(repository, day, extra, Map.of());
    }

    private TaskTry task(String repository, String day, Map<String, Object> extra, Map<String, String> secrets) {
        Map<String, Object> params = new HashMap<>(extra);
        params.put("repository", repository);
        params.put("target_schema", warehouse.schema("git"));
        return new TaskTry("analytics_commits", params, project, TaskTry.day(day), warehouse.environment(secrets));
    }

    private static TaskResult run(TaskTry task) {
        return new ExtractGitTaskType().execute(task);
    }

    private String commits() {
        return warehouse.raw(warehouse.schema("git"), "commits");
    }

    @Test
    void landsTheIntervalsCommitsWithTheirFilesAndLines() throws Exception {
        TaskTry task = task("repos/analytics", "2024-05-01", Map.of());

        TaskResult result = run(task);

        assertThat(warehouse.rows("select repository, author_email, message, files_changed, lines_added, lines_removed"
                        + " from " + commits() + " order by committed_at"))
                .containsExactly(
                        List.of("analytics", "ana@example.com", "Add the orders model", "1", "3", "0"),
                        List.of(
                                "analytics",
                                "ana@example.com",
                                "Fix the filter\n\nThe old one dropped refunds.",
                                "2",
                                "3",
                                "1"));
        assertThat(JSON.readTree(warehouse
                        .rows("select files from " + commits() + " where files_changed = 2")
                        .get(0)
                        .get(0)))
                .isEqualTo(JSON.readTree("[{\"path\": \"a.sql\", \"change\": \"modify\", \"added\": 1, \"removed\": 1},"
                        + " {\"path\": \"b.yml\", \"change\": \"add\", \"added\": 2, \"removed\": 0}]"));
        assertThat(result.xcom()).isEqualTo(Map.of("table", commits(), "record_count", 2L));
        assertThat(task.lines)
                .anyMatch(line -> line.matches("Repository repos/analytics: 2 commits into .*commits \\(merge on sha\\)"
                        + " in [0-9.]+ s, [0-9,]+ rows/s"));
    }

    @Test
    void laterIntervalsAddTheirCommitsAndARerunDoublesNone() {
        run(task("repos/analytics", "2024-05-01", Map.of()));
        run(task("repos/analytics", "2024-05-02", Map.of()));
        run(task("repos/analytics", "2024-05-01", Map.of()));

        assertThat(warehouse.count(commits())).isEqualTo(3);
        assertThat(warehouse.rows("select files_changed, lines_removed, committed_at = timestamptz"
                        + " '2024-05-02 07:00:00+00' from " + commits() + " where message like 'Remove%'"))
                .containsExactly(List.of("1", "2", "true"));
        assertThat(warehouse.count("(select distinct sha from " + commits() + ") as shas"))
                .isEqualTo(3);
    }

    @Test
    void clonesABareRepositoryByUrlAndFetchesItsNewCommitsOnTheNextRun() throws Exception {
        Path bare = project.resolve("remote/analytics.git");
        Git.cloneRepository()
                .setURI(source.getRepository().getDirectory().toURI().toString())
                .setBare(true)
                .setDirectory(bare.toFile())
                .call()
                .close();
        String url = bare.toUri().toString();
        run(task(url, "2024-05-02", Map.of("branch", "main")));
        commit("Add the customers model", "2024-05-02T18:00:00Z", "UTC", Map.of("c.sql", "select 2\n"));
        source.push().setRemote(bare.toUri().toString()).add("main").call();

        TaskTry again = task(url, "2024-05-02", Map.of("branch", "main"));
        run(again);

        assertThat(warehouse.rows("select repository, message from " + commits() + " order by committed_at"))
                .containsExactly(List.of("analytics", "Remove b.yml"), List.of("analytics", "Add the customers model"));
        assertThat(again.lines).anyMatch(line -> line.startsWith("Fetching " + url + " into "));
    }

    @Test
    void clonesOverHttpWithCredentialsFromSecretsAndAWrongPasswordIsOnePermanentMessage() throws Exception {
        Git.cloneRepository()
                .setURI(source.getRepository().getDirectory().toURI().toString())
                .setBare(true)
                .setDirectory(project.resolve("served/analytics.git").toFile())
                .call()
                .close();
        try (GitHttpServer server = new GitHttpServer(project.resolve("served"), "ci", "s3cret")) {
            String url = server.url("analytics.git");
            Map<String, Object> credentials =
                    Map.of("credentials", Map.of("username", "GIT_USER", "password", "GIT_TOKEN"));

            assertThatThrownBy(() -> run(
                            task(url, "2024-05-01", credentials, Map.of("GIT_USER", "ci", "GIT_TOKEN", "wr0ng-pa55"))))
                    .isInstanceOf(TaskFailure.class)
                    .hasMessage("The repository " + url + " refused the credentials: " + url + ": not authorized;"
                            + " check the secrets that 'credentials' names")
                    .hasMessageNotContaining("wr0ng-pa55")
                    .satisfies(failure ->
                            assertThat(((TaskFailure) failure).retryable()).isFalse());

            TaskTry task = task(url, "2024-05-01", credentials, Map.of("GIT_USER", "ci", "GIT_TOKEN", "s3cret"));
            TaskResult result = run(task);

            assertThat(result.xcom()).isEqualTo(Map.of("table", commits(), "record_count", 2L));
            assertThat(warehouse.rows("select distinct repository from " + commits()))
                    .containsExactly(List.of("analytics"));
            assertThat(task.logText()).doesNotContain("s3cret");
        }
    }

    @Test
    void aPathThatIsNoRepositoryOrABranchItLacksIsOneMessage() throws Exception {
        Files.createDirectories(project.resolve("not_a_repo"));

        assertThatThrownBy(() -> run(task("not_a_repo", "2024-05-01", Map.of())))
                .isInstanceOf(TaskFailure.class)
                .hasMessageStartingWith("The repository not_a_repo is not a git repository (no .git found at ");
        assertThatThrownBy(() -> run(task("repos/analytics", "2024-05-01", Map.of("branch", "develop"))))
                .isInstanceOf(TaskFailure.class)
                .hasMessage("The repository repos/analytics has no branch or revision 'develop'; it has main; "
                        + commits() + " is unchanged");
    }
}
