package io.weir.engine.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.core.task.TaskResult;
import io.weir.core.task.TaskType;
import io.weir.engine.log.FileTaskLog;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskTypeRegistrationTest {
    @TempDir
    Path project;

    @Test
    void commandAndEmptyAreFoundThroughServiceLoader() {
        List<String> names = ServiceLoader.load(TaskType.class).stream()
                .map(provider -> provider.get().name())
                .toList();

        assertThat(names).contains("command", "empty");
    }

    @Test
    void emptySucceedsAtOnceAndTakesNoKeys() throws Exception {
        EmptyTaskType empty = new EmptyTaskType();
        try (FileTaskLog log = new FileTaskLog(project.resolve("attempt=1.log"), List.of())) {
            TaskResult result = empty.execute(new FakeTaskContext(Map.of(), project, Map.of(), log));

            assertThat(result).isEqualTo(TaskResult.success());
        }
        assertThat(empty.parameterKeys()).isEmpty();
        assertThat(empty.validate(Map.of())).isEmpty();
    }
}
