package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code weir bench cli} times real weir processes started through the launcher of this clone. */
class CliBenchCommandIT {
    @Test
    void eachReadCommandIsTimedBesideJavasOwnStartUp() {
        Path clone = Path.of("").toAbsolutePath().getParent();
        CliRun run = CliRun.run(Map.of("WEIR_HOME", clone.toString()), "bench", "cli", "--runs", "1");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        for (String command : new String[] {"dags list", "dags list-runs", "tasks states-for-dag-run", "tasks logs"}) {
            assertThat(run.out()).containsPattern("weir " + command + " +[0-9]+ +[0-9]+ +[0-9.]+x +(yes|no)");
        }
    }

    @Test
    void withoutTheLauncherItSaysHowToRunIt() {
        CliRun run = CliRun.run(Map.of(), "bench", "cli");

        assertThat(run.exitCode()).isEqualTo(Main.EXIT_FAILURE);
        assertThat(run.err()).contains("run it as ./weir bench cli from a clone");
    }
}
