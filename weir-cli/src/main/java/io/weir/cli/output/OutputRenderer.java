package io.weir.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.weir.cli.Dates;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Prints {@link Rows} as a table, JSON, YAML or tab-separated text. */
public final class OutputRenderer {
    private OutputRenderer() {}

    // Each mapper is built the first time its format is asked for: a table is printed without Jackson.
    private static final class Json {
        static final ObjectMapper INDENTED = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        static final ObjectMapper COMPACT = new ObjectMapper();
    }

    private static final class Yaml {
        static final ObjectMapper MAPPER = new YAMLMapper(YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .build());
    }

    public static void render(OutputFormat format, Rows rows, PrintWriter out) {
        switch (format) {
            case TABLE -> table(rows, out);
            case JSON -> out.println(write(Json.INDENTED, structured(rows)));
            case YAML -> out.print(write(Yaml.MAPPER, structured(rows)));
            case PLAIN -> plain(rows, out);
        }
        out.flush();
    }

    /** Renders a single JSON-like value (a map, list, string, number) as JSON text on one line. */
    public static String toJson(Object value) {
        return write(Json.COMPACT, structuredValue(value));
    }

    private static void table(Rows rows, PrintWriter out) {
        if (rows.rows().isEmpty()) {
            out.println("No data found");
            return;
        }
        List<String> columns = rows.columns();
        List<List<String>> cells = new ArrayList<>();
        int[] widths = new int[columns.size()];
        for (int column = 0; column < columns.size(); column++) {
            widths[column] = columns.get(column).length();
        }
        for (Map<String, Object> row : rows.rows()) {
            List<String> line = new ArrayList<>();
            for (int column = 0; column < columns.size(); column++) {
                String text = text(row.get(columns.get(column)));
                widths[column] = Math.max(widths[column], text.length());
                line.add(text);
            }
            cells.add(line);
        }
        out.println(line(columns, widths, " | "));
        List<String> rules = new ArrayList<>();
        for (int width : widths) {
            rules.add("=".repeat(width));
        }
        out.println(line(rules, widths, "=+="));
        for (List<String> line : cells) {
            out.println(line(line, widths, " | "));
        }
    }

    private static String line(List<String> values, int[] widths, String separator) {
        StringBuilder line = new StringBuilder();
        for (int column = 0; column < values.size(); column++) {
            if (column > 0) {
                line.append(separator);
            }
            String value = values.get(column);
            line.append(value);
            if (column < values.size() - 1) {
                line.append(" ".repeat(widths[column] - value.length()));
            }
        }
        return line.toString().stripTrailing();
    }

    private static void plain(Rows rows, PrintWriter out) {
        for (Map<String, Object> row : rows.rows()) {
            List<String> values = new ArrayList<>();
            for (String column : rows.columns()) {
                values.add(text(row.get(column)).replace('\t', ' '));
            }
            out.println(String.join("\t", values));
        }
    }

    /** One cell as text: empty for null, timestamps in ISO-8601, lists comma-separated, maps as JSON. */
    private static String text(Object value) {
        Object structured = structuredValue(value);
        String text;
        if (structured == null) {
            text = "";
        } else if (structured instanceof Collection<?> collection) {
            text = collection.stream().map(OutputRenderer::text).collect(Collectors.joining(","));
        } else if (structured instanceof Map<?, ?>) {
            text = toJson(structured);
        } else {
            text = structured.toString();
        }
        // A cell stays on its line, so columns stay aligned and each row is one line for grep.
        return text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }

    private static List<Map<String, Object>> structured(Rows rows) {
        List<Map<String, Object>> result = new ArrayList<>();
        for (Map<String, Object> row : rows.rows()) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (String column : rows.columns()) {
                values.put(column, structuredValue(row.get(column)));
            }
            result.add(values);
        }
        return result;
    }

    /** Turns timestamps into ISO-8601 text and enums into their lower-case labels, recursively. */
    private static Object structuredValue(Object value) {
        if (value instanceof Instant instant) {
            return Dates.format(instant);
        }
        if (value instanceof OffsetDateTime dateTime) {
            return Dates.format(dateTime);
        }
        if (value instanceof ZonedDateTime dateTime) {
            return Dates.format(dateTime.toOffsetDateTime());
        }
        if (value instanceof Enum<?> constant) {
            return constant.toString();
        }
        if (value instanceof Collection<?> collection) {
            return collection.stream().map(OutputRenderer::structuredValue).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put(String.valueOf(key), structuredValue(item)));
            return copy;
        }
        return value;
    }

    private static String write(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
