package io.weir.cli.bench;

import picocli.CommandLine.Command;

/** {@code weir bench}: benchmarks that print a table of Weir beside a baseline. */
@Command(
        name = "bench",
        description = "Benchmarks that print Weir's numbers beside a baseline measured in the same run.",
        subcommands = {
            SchedulerBenchCommand.class,
            TransformBenchCommand.class,
            LoadBenchCommand.class,
            FilesBenchCommand.class,
            HttpBenchCommand.class,
            PermissionsBenchCommand.class,
            WebBenchCommand.class,
            CliBenchCommand.class
        })
public final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
