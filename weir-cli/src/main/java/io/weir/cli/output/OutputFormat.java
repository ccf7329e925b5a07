package io.weir.cli.output;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** How a list command prints its rows. */
public enum OutputFormat {
    /** Aligned columns under a header line, for people. */
    TABLE,
    /** An array of objects, for programs. */
    JSON,
    /** A YAML list of mappings. */
    YAML,
    /** Tab-separated values without a header, for shell pipelines. */
    PLAIN;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads {@code -o table|json|yaml|plain}, in any letter case. */
    public static final class Converter implements ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            for (OutputFormat format : values()) {
                if (format.label().equalsIgnoreCase(value.strip())) {
                    return format;
                }
            }
            throw new TypeConversionException(
                    "'" + value + "' is not an output format; use table, json, yaml or plain");
        }
    }
}
