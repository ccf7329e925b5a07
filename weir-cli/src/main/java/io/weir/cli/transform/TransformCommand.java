package io.weir.cli.transform;

import io.weir.cli.Main;
import io.weir.cli.remote.WarehouseCommand;
import io.weir.transform.Transform;
import io.weir.transform.TransformStep;
import io.weir.transform.deps.InstalledPackage;
import io.weir.transform.deps.InstalledPackages;
import io.weir.transform.deps.PackageInstaller;
import io.weir.transform.project.Node;
import io.weir.transform.run.RunReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code weir transform}: runs a dbt project, unmodified, on the warehouse. */
@Command(
        name = "transform",
        description =
                "Run a dbt project as it is: seed, run, test, snapshot, build, compile, ls, docs generate, debug, deps.",
        subcommands = {
            TransformCommand.Seed.class,
            TransformCommand.Run.class,
            TransformCommand.Test.class,
            TransformCommand.Snapshot.class,
            TransformCommand.Build.class,
            TransformCommand.Compile.class,
            TransformCommand.Ls.class,
            TransformCommand.Docs.class,
            TransformCommand.Debug.class,
            TransformCommand.Deps.class
        })
public final class TransformCommand implements Runnable {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    /** A command on the selected nodes of the project: {@code -s}, {@code --exclude} and the common flags. */
    abstract static class Selecting implements Callable<Integer>, WarehouseCommand {
        @ParentCommand
        TransformCommand parent;

        @Spec
        CommandSpec spec;

        @Mixin
        TransformFlags flags;

        @Mixin
        SelectionFlags selection;

        Transform open(boolean fullRefresh, boolean failFast, PrintStream out) {
            return Transform.open(flags.options(parent.main, selection, fullRefresh, failFast, out));
        }
    }

    /** The commands that build nodes; each builds the kinds of node its {@link TransformStep} of the same name does. */
    abstract static class Building extends Selecting {
        @Option(names = "--full-refresh", description = "Rebuild incremental models and seeds from scratch.")
        boolean fullRefresh;

        @Option(
                names = {"-x", "--fail-fast"},
                description = "Stop at the first failure.")
        boolean failFast;

        @Override
        public Integer call() {
            PrintStream out = TransformFlags.out(spec);
            TransformStep step = TransformStep.valueOf(spec.name().toUpperCase(Locale.ROOT));
            try (Transform transform = open(fullRefresh, failFast, out)) {
                RunReport report = TransformFlags.whileCancellable(transform, () -> transform.execute(step, out), out);
                return report.success() ? 0 : 1;
            }
        }
    }

    @Command(name = "seed", description = "Load the CSV files of seed-paths into the warehouse.")
    static final class Seed extends Building {}

    @Command(name = "run", description = "Build the selected models.")
    static final class Run extends Building {}

    @Command(name = "test", description = "Run the selected data tests.")
    static final class Test extends Building {}

    @Command(name = "snapshot", description = "Record changes of the selected snapshots' sources.")
    static final class Snapshot extends Building {}

    @Command(
            name = "build",
            description = "Seeds, models, snapshots and tests in dependency order; a failing test skips what follows.")
    static final class Build extends Building {}

    @Command(name = "compile", description = "Write the compiled SQL of the selected nodes to target/compiled.")
    static final class Compile extends Selecting {
        @Override
        public Integer call() {
            PrintStream out = TransformFlags.out(spec);
            try (Transform transform = open(false, false, out)) {
                return transform.compile(out).success() ? 0 : 1;
            }
        }
    }

    @Command(name = "ls", aliases = "list", description = "List the selected nodes.")
    static final class Ls extends Selecting {
        @Option(
                names = "--output",
                defaultValue = "selector",
                paramLabel = "FORMAT",
                description = "selector (dotted fqn), name, path or json (default ${DEFAULT-VALUE}).")
        String output;

        @Override
        public Integer call() {
            PrintStream out = TransformFlags.out(spec);
            try (Transform transform = open(false, false, out)) {
                for (Node node : transform.list()) {
                    out.println(
                            switch (output) {
                                case "name" -> node.name();
                                case "path" -> node.originalFilePath();
                                case "json" -> NodeJson.of(node);
                                case "selector" -> String.join(".", node.fqn());
                                default -> throw new ParameterException(
                                        spec.commandLine(),
                                        "--output takes selector, name, path or json, not " + output);
                            });
                }
                return 0;
            }
        }
    }

    @Command(name = "docs", description = "Documentation of the project.", subcommands = Docs.Generate.class)
    static final class Docs implements Runnable {
        @ParentCommand
        TransformCommand parent;

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            throw new ParameterException(spec.commandLine(), "Missing required subcommand: generate");
        }

        @Command(
                name = "generate",
                description = "Write target/manifest.json, target/catalog.json and the lineage page target/index.html.")
        static final class Generate implements Callable<Integer>, WarehouseCommand {
            @ParentCommand
            Docs docs;

            @Spec
            CommandSpec spec;

            @Mixin
            TransformFlags flags;

            @Override
            public Integer call() {
                PrintStream out = TransformFlags.out(spec);
                try (Transform transform = Transform.open(
                        flags.options(docs.parent.main, SelectionFlags.everything(), false, false, out))) {
                    transform.docsGenerate(out);
                    return 0;
                }
            }
        }
    }

    @Command(name = "debug", description = "Show the project, profile and target, and test the connection.")
    static final class Debug implements Callable<Integer>, WarehouseCommand {
        @ParentCommand
        TransformCommand parent;

        @Spec
        CommandSpec spec;

        @Mixin
        TransformFlags flags;

        @Override
        public Integer call() {
            PrintStream out = TransformFlags.out(spec);
            return Transform.debug(flags.options(parent.main, SelectionFlags.everything(), false, false, out), out)
                    ? 0
                    : 1;
        }
    }

    @Command(
            name = "deps",
            description = "Install the packages of packages.yml (or dependencies.yml) into dbt_packages/ and write"
                    + " package-lock.yml.")
    static final class Deps implements Callable<Integer> {
        @ParentCommand
        TransformCommand parent;

        @Spec
        CommandSpec spec;

        @Mixin
        TransformFlags flags;

        @Override
        public Integer call() {
            PrintStream out = TransformFlags.out(spec);
            Path project = flags.projectDir(parent.main);
            List<InstalledPackage> installed =
                    new PackageInstaller(project, parent.main.environment(), out::println).install();
            out.println(
                    installed.isEmpty()
                            ? "No packages to install: " + project + " lists none in packages.yml or dependencies.yml."
                            : "Installed " + installed.size() + (installed.size() == 1 ? " package" : " packages")
                                    + " into " + project.relativize(InstalledPackages.installDir(project))
                                    + "; wrote package-lock.yml.");
            return 0;
        }
    }
}
