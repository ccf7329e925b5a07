package io.weir.core.task;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** The task types known to a process, by name; DAG files name them in {@code type:}. */
public final class TaskTypeRegistry {
    private final SortedMap<String, TaskType> types;

    private TaskTypeRegistry(Iterable<TaskType> types) {
        SortedMap<String, TaskType> byName = new TreeMap<>();
        for (TaskType type : types) {
            String name = requireNonNull(type.name(), () -> type.getClass().getName() + " has no name");
            TaskType previous = byName.putIfAbsent(name, type);
            if (previous != null) {
                throw new IllegalStateException("Task type '" + name + "' is registered twice, by "
                        + previous.getClass().getName() + " and "
                        + type.getClass().getName()
                        + "; remove one of them from the class path");
            }
        }
        this.types = Collections.unmodifiableSortedMap(byName);
    }

    /** Every type registered in {@code META-INF/services/io.weir.core.task.TaskType} on the class loader. */
    public static TaskTypeRegistry load(ClassLoader classLoader) {
        try {
            return new TaskTypeRegistry(ServiceLoader.load(TaskType.class, classLoader));
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("A task type could not be loaded: " + e.getMessage(), e);
        }
    }

    public static TaskTypeRegistry of(TaskType... types) {
        return new TaskTypeRegistry(List.of(types));
    }

    public Optional<TaskType> find(String name) {
        return Optional.ofNullable(types.get(name));
    }

    public SortedSet<String> names() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(types.keySet()));
    }
}
