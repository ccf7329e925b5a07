package io.weir.core.dag;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.core.task.ExpansionException;
import io.weir.core.task.FileProblem;
import io.weir.core.task.GeneratedTask;
import io.weir.core.task.ProjectFiles;
import io.weir.core.task.TaskContext;
import io.weir.core.task.TaskResult;
import io.weir.core.task.TaskType;
import io.weir.core.task.TaskTypeRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One task entry made into several tasks by its type, as a manifest's tables become one task each. */
class TaskExpansionTest {
    private final DagFolder folder =
            new DagFolder(new DagParser(TaskTypeRegistry.of(new PerLine(), new TestTaskTypes.Empty())));

    @TempDir
    Path project;

    private static final String DAG =
            """
            dag_id: tables
            tasks:
              start: {type: empty}
              load:
                type: per_line
                list: lists/tables.txt
                retries: 2
                after: [start]
              report: {type: empty, after: [load]}
            """;

    @Test
    void anEntryBecomesOneTaskPerGeneratedTaskAndItsDownstreamWaitsForAllOfThem() throws IOException {
        write("dags/tables.yaml", DAG);
        write("lists/tables.txt", "orders\ncustomers\n");

        DagFolderResult result = folder.parse(project, Path.of("dags"));

        assertThat(result.errors()).isEmpty();
        Dag dag = result.dags().get(0);
        assertThat(dag.tasks()).containsOnlyKeys("start", "load.orders", "load.customers", "report");
        TaskSpec orders = dag.tasks().get("load.orders");
        assertThat(orders.params()).containsEntry("item", "orders").doesNotContainKey("list");
        assertThat(orders.upstream()).containsExactly("start");
        assertThat(orders.retries()).isEqualTo(2);
        assertThat(dag.tasks().get("report").upstream()).containsExactly("load.orders", "load.customers");
    }

    @Test
    void aChangedListFileIsNoticedThoughTheDagFileIsUnchanged() throws IOException {
        write("dags/tables.yaml", DAG);
        write("lists/tables.txt", "orders\n");
        Dag first = folder.parse(project, Path.of("dags")).dags().get(0);

        write("lists/tables.txt", "orders\nrefunds\n");
        Dag second = folder.parse(project, Path.of("dags")).dags().get(0);

        assertThat(first.tasks()).containsOnlyKeys("start", "load.orders", "report");
        assertThat(second.tasks()).containsOnlyKeys("start", "load.orders", "load.refunds", "report");
        assertThat(second.fingerprint()).isNotEqualTo(first.fingerprint());
        assertThat(folder.parse(project, Path.of("dags")).dags().get(0)).isSameAs(second);
    }

    @Test
    void aProblemInTheListFilePointsAtItsOwnLine() throws IOException {
        write("dags/tables.yaml", DAG);
        write("lists/tables.txt", "orders\n!bad name\n");

        DagFolderResult result = folder.parse(project, Path.of("dags"));

        assertThat(result.dags()).isEmpty();
        assertThat(result.errors())
                .singleElement()
                .hasToString("lists/tables.txt:2:1: Task 'load' of DAG 'tables': 'bad name' is not a name");
        assertThat(result.brokenFiles()).containsExactly(Path.of("dags/tables.yaml"));
    }

    @Test
    void aGeneratedIdTakenByAnotherTaskIsAnError() throws IOException {
        write(
                "dags/tables.yaml",
                DAG.replace("start: {type: empty}", "load.orders: {type: empty}")
                        .replace("after: [start]", "after: [load.orders]"));
        write("lists/tables.txt", "customers\norders\n");

        DagFolderResult result = folder.parse(project, Path.of("dags"));

        assertThat(result.errors()).singleElement().satisfies(error -> assertThat(error.message())
                .isEqualTo("Task 'load' generates the task 'load.orders', which DAG 'tables' already has;"
                        + " rename one of them"));
    }

    private void write(String relative, String content) throws IOException {
        Path file = project.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /** Makes one task per line of the file named by {@code list}; a line starting with '!' is a problem. */
    private static final class PerLine implements TaskType {
        @Override
        public String name() {
            return "per_line";
        }

        @Override
        public Set<String> parameterKeys() {
            return Set.of("list", "item");
        }

        @Override
        public List<GeneratedTask> expand(Map<String, Object> params, ProjectFiles files) {
            String list = String.valueOf(params.get("list"));
            String content;
            try {
                content = new String(files.read(list), StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new ExpansionException(List.of(new FileProblem(list, 1, "no such file")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<GeneratedTask> tasks = new ArrayList<>();
            String[] lines = content.split("\n");
            for (int line = 0; line < lines.length; line++) {
                if (lines[line].startsWith("!")) {
                    throw new ExpansionException(List.of(
                            new FileProblem(list, line + 1, "'" + lines[line].substring(1) + "' is not a name")));
                }
                tasks.add(new GeneratedTask(lines[line], Map.of("item", lines[line])));
            }
            return tasks;
        }

        @Override
        public TaskResult execute(TaskContext context) {
            return TaskResult.success();
        }
    }
}
