package io.weir.core.dag;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DagFolderTest {
    private final DagFolder folder = new DagFolder(new DagParser(TestTaskTypes.registry()));

    @TempDir
    Path project;

    @Test
    void readsEveryDagFileSortedByPath() {
        DagFolderResult result = folder.parse(DagParserTest.projectDir(), Path.of("dags/valid"));
        assertThat(result.errors()).isEmpty();
        assertThat(result.dags())
                .extracting(Dag::dagId)
                .containsExactly("amsterdam.daily-report", "gitlab_db_extract", "minimal");
        assertThat(result.files())
                .containsExactly(
                        Path.of("dags/valid/amsterdam_daily.yaml"),
                        Path.of("dags/valid/gitlab_db_extract.yaml"),
                        Path.of("dags/valid/minimal.yml"));
    }

    @Test
    void keepsValidDagsBesideInvalidFiles() {
        DagFolderResult result = folder.parse(DagParserTest.projectDir(), Path.of("dags"));
        assertThat(result.dags()).hasSize(3);
        assertThat(result.errorsByFile()).containsKey(Path.of("dags/errors/cycle.yaml"));
        assertThat(result.errorsByFile().get(Path.of("dags/errors/wrong_type.yaml")))
                .hasSize(5);
        assertThat(result.errors())
                .allSatisfy(error -> assertThat(error.file().toString()).startsWith("dags/errors/"));
    }

    @Test
    void searchesSubfoldersAndSkipsHiddenAndOtherFiles() throws IOException {
        write("dags/a.yaml", "tasks: {a: {type: empty}}\n");
        write("dags/team/b.yml", "tasks: {b: {type: empty}}\n");
        write("dags/.c.yaml", "tasks: {c: {type: empty}}\n");
        write("dags/.git/d.yaml", "tasks: {d: {type: empty}}\n");
        write("dags/notes.txt", "not a DAG\n");
        DagFolderResult result = folder.parse(project, Path.of("dags"));
        assertThat(result.dags()).extracting(Dag::dagId).containsExactly("a", "b");
        assertThat(result.dags().get(1).file()).isEqualTo(Path.of("dags/team/b.yml"));
    }

    @Test
    void aDagIdUsedTwiceIsAnErrorOnTheLaterFile() throws IOException {
        write("dags/first.yaml", "dag_id: shared\ntasks: {a: {type: empty}}\n");
        write("dags/second.yaml", "description: again\ndag_id: shared\ntasks: {a: {type: empty}}\n");
        DagFolderResult result = folder.parse(project, Path.of("dags"));
        assertThat(result.dags()).extracting(Dag::file).containsExactly(Path.of("dags/first.yaml"));
        assertThat(result.errors()).hasSize(1);
        DagFileError error = result.errors().get(0);
        assertThat(error.file()).isEqualTo(Path.of("dags/second.yaml"));
        assertThat(error.line()).isEqualTo(2);
        assertThat(error.column()).isEqualTo(9);
        assertThat(error.message())
                .isEqualTo("dag_id 'shared' is already used by dags/first.yaml; give this DAG another dag_id");
    }

    @Test
    void followsASymbolicallyLinkedFolderAndToleratesAMissingOne() throws IOException {
        write("checkouts/rev1/a.yaml", "tasks: {a: {type: empty}}\n");
        Files.createSymbolicLink(project.resolve("dags"), project.resolve("checkouts/rev1"));
        assertThat(folder.parse(project, Path.of("dags")).dags())
                .extracting(Dag::dagId)
                .containsExactly("a");
        DagFolderResult missing = folder.parse(project, Path.of("nowhere"));
        assertThat(missing.dags()).isEmpty();
        assertThat(missing.errors()).isEmpty();
    }

    @Test
    void readingAgainKeepsUnchangedDagsAndSeesEveryChange() throws IOException {
        write("dags/steady.yaml", "tasks: {a: {type: empty}}\n");
        write("dags/edited.yaml", "tasks: {a: {type: empty}}\n");
        DagFolderResult first = folder.parse(project, Path.of("dags"));

        write("dags/edited.yaml", "tasks: {a: {type: empty}, b: {type: empty, after: a}}\n");
        DagFolderResult second = folder.parse(project, Path.of("dags"));

        assertThat(second.dags())
                .filteredOn(dag -> dag.dagId().equals("steady"))
                .singleElement()
                .isSameAs(first.dags().stream()
                        .filter(dag -> dag.dagId().equals("steady"))
                        .findFirst()
                        .orElseThrow());
        assertThat(second.dags())
                .filteredOn(dag -> dag.dagId().equals("edited"))
                .singleElement()
                .satisfies(dag -> assertThat(dag.tasks()).containsOnlyKeys("a", "b"));

        write("dags/edited.yaml", "tasks: {a: {tpye: empty}}\n");
        assertThat(folder.parse(project, Path.of("dags")).errors())
                .isNotEmpty()
                .allSatisfy(error -> assertThat(error.file()).isEqualTo(Path.of("dags/edited.yaml")));
        Files.delete(project.resolve("dags/edited.yaml"));
        assertThat(folder.parse(project, Path.of("dags")).dags())
                .extracting(Dag::dagId)
                .containsExactly("steady");
    }

    private void write(String relative, String content) throws IOException {
        Path file = project.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
