package io.weir.cli.transform;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code -s/--select} and {@code --exclude}, as dbt takes them: several specs after one flag, or the flag repeated. */
public final class SelectionFlags {
    @Option(
            names = {"-s", "--select", "-m", "--models"},
            arity = "1..*",
            paramLabel = "SPEC",
            description = "Nodes to include: names, +model, model+, 2+model, @model, tag:, path:, source:,"
                    + " resource_type:, config.materialized:, test_type:, fqn:; spaces unite, commas intersect.")
    List<String> select = new ArrayList<>();

    @Option(names = "--exclude", arity = "1..*", paramLabel = "SPEC", description = "Nodes to leave out (same syntax).")
    List<String> exclude = new ArrayList<>();

    static SelectionFlags everything() {
        return new SelectionFlags();
    }

    public List<String> select() {
        return List.copyOf(select);
    }

    public List<String> exclude() {
        return List.copyOf(exclude);
    }
}
