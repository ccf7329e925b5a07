package io.weir.cli.output;

import picocli.CommandLine.Option;

/** The {@code -o/--output} option every list command mixes in. */
public final class OutputOption {
    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            defaultValue = "table",
            converter = OutputFormat.Converter.class,
            description = "Output format: table, json, yaml or plain (default: ${DEFAULT-VALUE}).")
    private OutputFormat format = OutputFormat.TABLE;

    public OutputFormat format() {
        return format;
    }
}
