package io.weir.cli.bench;

import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import java.util.Locale;
import picocli.CommandLine.Option;

/** Which warehouses a load benchmark writes into: {@code --warehouse duckdb | postgres | all}. */
final class WarehouseChoice {
    @Option(
            names = "--warehouse",
            defaultValue = "all",
            description = "duckdb, postgres or all (default ${DEFAULT-VALUE}).")
    private String warehouse;

    boolean duckDb() {
        return !which().equals("postgres");
    }

    boolean postgres() {
        return !which().equals("duckdb");
    }

    /** Checks the choice, so that a typo fails before any work starts. */
    void check() {
        which();
    }

    private String which() {
        String which = warehouse.toLowerCase(Locale.ROOT);
        if (!which.equals("duckdb") && !which.equals("postgres") && !which.equals("all")) {
            throw new WeirException(
                    ErrorCode.USER_INPUT, "--warehouse must be duckdb, postgres or all, not '" + warehouse + "'");
        }
        return which;
    }
}
