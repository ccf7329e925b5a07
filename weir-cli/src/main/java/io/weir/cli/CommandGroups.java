package io.weir.cli;

import io.weir.cli.dags.DagsCommand;
import io.weir.cli.tasks.TasksCommand;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command groups whose subcommands are built only when named: picocli reads every option of every subcommand by
 * reflection, about 0.1 s for {@code dags} on a 2-core machine, so {@code weir dags list} builds {@code list} alone.
 * A group here declares {@code addMethodSubcommands = false} and lists its subcommand classes in a constant instead of in
 * its annotation; without a subcommand name, or with one it does not know, every subcommand is built (for help and for
 * the suggestions after a mistyped name).
 */
final class CommandGroups {
    private static final Map<Class<?>, List<Class<?>>> SUBCOMMAND_CLASSES = Map.of(
            DagsCommand.class, DagsCommand.SUBCOMMAND_CLASSES, TasksCommand.class, TasksCommand.SUBCOMMAND_CLASSES);

    private CommandGroups() {}

    /** Adds {@code command} to {@code parent}: a group with only subcommand {@code wanted} when it knows it. */
    static void add(CommandLine parent, Class<?> command, String wanted) {
        List<Class<?>> classes = SUBCOMMAND_CLASSES.get(command);
        if (classes == null) {
            parent.addSubcommand(command);
            return;
        }
        // The group joins its parent first so that the options it inherits reach the subcommands added after.
        CommandLine group = new CommandLine(command);
        parent.addSubcommand(group);
        List<Method> methods = CommandLine.getCommandMethods(command, null);
        boolean known = wanted != null
                && (classes.stream().anyMatch(type -> name(type).equals(wanted))
                        || methods.stream().anyMatch(method -> name(method).equals(wanted)));
        for (Class<?> type : classes) {
            if (!known || name(type).equals(wanted)) {
                group.addSubcommand(type);
            }
        }
        for (Method method : methods) {
            if (!known || name(method).equals(wanted)) {
                group.addSubcommand(new CommandLine(method));
            }
        }
    }

    private static String name(Class<?> type) {
        return type.getAnnotation(Command.class).name();
    }

    private static String name(Method method) {
        return method.getAnnotation(Command.class).name();
    }
}
