package io.weir.engine.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TaskLogPathsTest {
    private final TaskLogPaths paths = new TaskLogPaths(Path.of("/project/.weir/logs"));

    @Test
    void eachTryHasItsOwnFile() {
        assertThat(paths.file("gitlab_db_extract", "scheduled__2024-01-01T00:00:00+00:00", "users", 2))
                .isEqualTo(Path.of("/project/.weir/logs/dag_id=gitlab_db_extract"
                        + "/run_id=scheduled__2024-01-01T00:00:00+00:00/task_id=users/attempt=2.log"));
    }

    @Test
    void aSlashInARunIdStaysInsideItsFolder() {
        assertThat(paths.taskDir("d", "manual__a/../b", "t"))
                .isEqualTo(Path.of("/project/.weir/logs/dag_id=d/run_id=manual__a_.._b/task_id=t"));
    }

    @Test
    void tryNumbersStartAtOne() {
        assertThatThrownBy(() -> paths.file("d", "r", "t", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
