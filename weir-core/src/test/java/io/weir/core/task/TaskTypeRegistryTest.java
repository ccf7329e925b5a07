package io.weir.core.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskTypeRegistryTest {

    @Test
    void findsTypesByNameAndListsThemSorted() {
        TaskTypeRegistry registry = TaskTypeRegistry.of(new Named("shell"), new Named("empty"));
        assertThat(registry.find("shell")).get().extracting(TaskType::name).isEqualTo("shell");
        assertThat(registry.find("nope")).isEmpty();
        assertThat(registry.names()).containsExactly("empty", "shell");
    }

    @Test
    void aNameRegisteredTwiceIsRefused() {
        assertThatThrownBy(() -> TaskTypeRegistry.of(new Named("shell"), new Named("shell")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Task type 'shell' is registered twice");
    }

    @Test
    void loadsTheTypesRegisteredAsServices(@TempDir Path classes) throws IOException {
        Path services = classes.resolve("META-INF/services/" + TaskType.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, "# test types\n" + First.class.getName() + "\n" + Second.class.getName() + "\n");
        try (URLClassLoader loader = new URLClassLoader(
                new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            assertThat(TaskTypeRegistry.load(loader).names()).containsExactly("first", "second");
        }
    }

    @Test
    void aBrokenServiceEntryIsReported(@TempDir Path classes) throws IOException {
        Path services = classes.resolve("META-INF/services/" + TaskType.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, "io.weir.missing.NoSuchType\n");
        try (URLClassLoader loader = new URLClassLoader(
                new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            assertThatThrownBy(() -> TaskTypeRegistry.load(loader))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("io.weir.missing.NoSuchType");
        }
    }

    private static class Named implements TaskType {
        private final String name;

        Named(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Set<String> parameterKeys() {
            return Set.of();
        }

        @Override
        public TaskResult execute(TaskContext context) {
            return TaskResult.success();
        }
    }

    public static final class First extends Named {
        public First() {
            super("first");
        }
    }

    public static final class Second extends Named {
        public Second() {
            super("second");
        }
    }
}
