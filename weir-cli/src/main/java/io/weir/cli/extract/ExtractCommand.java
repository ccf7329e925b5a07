package io.weir.cli.extract;

import io.weir.cli.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code weir extract}: runs an extract by hand, as a task of a DAG would. */
@Command(
        name = "extract",
        description = "Run an extract by hand: land a source's rows in the warehouse's RAW database.",
        subcommands = {
            ExtractDatabaseCommand.class,
            ExtractFilesCommand.class,
            ExtractHttpCommand.class,
            ExtractYamlCommand.class,
            ExtractGitCommand.class,
            ExtractSingerCommand.class
        })
public final class ExtractCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @ParentCommand
    private Main main;

    Main main() {
        return main;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
