package io.weir.cli.server;

import io.weir.cli.Main;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code weir scheduler}: the scheduler and its local executor, for a deployment that runs parts separately. */
@Command(name = "scheduler", description = "Run the scheduler and its local executor.")
public final class SchedulerCommand implements Callable<Integer> {
    @ParentCommand
    private Main main;

    @Override
    public Integer call() {
        return StandaloneCommand.serve(main, "scheduler", null);
    }
}
