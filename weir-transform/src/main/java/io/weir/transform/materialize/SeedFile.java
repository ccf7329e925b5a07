package io.weir.transform.materialize;

import static java.util.Objects.requireNonNull;

import io.weir.transform.TransformException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A seed's CSV file read into memory: the header's column names and each record's fields. UTF-8 with or without a
 * byte order mark, any line ending, fields quoted with {@code "} may hold the delimiter, line breaks and doubled
 * quotes. Blank lines are skipped.
 *
 * @param path the file, for messages
 * @param header the column names
 * @param rows the records, each as wide as the header
 */
record SeedFile(Path path, List<String> header, List<String[]> rows) {
    SeedFile {
        requireNonNull(path, "path is null");
        header = List.copyOf(header);
        rows = List.copyOf(rows);
    }

    /**
     * Reads and parses {@code path}.
     *
     * @throws TransformException naming the file (and line) when it cannot be read, is not UTF-8, has no header,
     *     repeats a column name or has a record of another width than the header
     */
    static SeedFile read(Path path, char delimiter) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(Files.readAllBytes(path)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new TransformException("Seed file " + path + " is not UTF-8 text; save it as UTF-8");
        } catch (IOException e) {
            throw new TransformException("Cannot read seed file " + path + ": " + e.getMessage());
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        return parse(path, text, delimiter);
    }

    static SeedFile parse(Path path, String text, char delimiter) {
        Parser parser = new Parser(text, delimiter);
        List<String> header = null;
        List<String[]> rows = new ArrayList<>();
        while (parser.hasMore()) {
            int line = parser.line();
            List<String> fields = parser.record(path);
            if (fields.size() == 1 && fields.get(0).isEmpty() && !parser.lastWasQuoted()) {
                continue;
            }
            if (header == null) {
                header = checkedHeader(path, fields);
            } else if (fields.size() != header.size()) {
                throw new TransformException("Seed file " + path + " line " + line + " has " + fields.size()
                        + " fields but the header names " + header.size() + " columns; quote fields that hold the"
                        + " delimiter");
            } else {
                rows.add(fields.toArray(String[]::new));
            }
        }
        if (header == null) {
            throw new TransformException("Seed file " + path + " is empty; its first line must name the columns");
        }
        return new SeedFile(path, header, rows);
    }

    private static List<String> checkedHeader(Path path, List<String> fields) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < fields.size(); i++) {
            String name = fields.get(i);
            if (name.isBlank()) {
                throw new TransformException(
                        "Seed file " + path + " has no name for column " + (i + 1) + " in its header line");
            }
            if (!seen.add(name)) {
                throw new TransformException(
                        "Seed file " + path + " names column '" + name + "' twice in its header line");
            }
        }
        return fields;
    }

    /** Splits CSV text into records, keeping track of the line each starts on. */
    private static final class Parser {
        private final String text;
        private final char delimiter;
        private int position;
        private int line = 1;
        private boolean lastWasQuoted;

        Parser(String text, char delimiter) {
            this.text = text;
            this.delimiter = delimiter;
        }

        boolean hasMore() {
            return position < text.length();
        }

        int line() {
            return line;
        }

        boolean lastWasQuoted() {
            return lastWasQuoted;
        }

        List<String> record(Path path) {
            int startLine = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean anyQuoted = false;
            while (position < text.length()) {
                char c = text.charAt(position++);
                if (quoted) {
                    if (c == '"') {
                        if (position < text.length() && text.charAt(position) == '"') {
                            field.append('"');
                            position++;
                        } else {
                            quoted = false;
                        }
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        field.append(c);
                    }
                } else if (c == '"' && field.isEmpty()) {
                    quoted = true;
                    anyQuoted = true;
                } else if (c == delimiter) {
                    fields.add(field.toString());
                    field.setLength(0);
                } else if (c == '\r' || c == '\n') {
                    if (c == '\r' && position < text.length() && text.charAt(position) == '\n') {
                        position++;
                    }
                    line++;
                    lastWasQuoted = anyQuoted;
                    fields.add(field.toString());
                    return fields;
                } else {
                    field.append(c);
                }
            }
            if (quoted) {
                throw new TransformException("Seed file " + path + " line " + startLine
                        + " opens a quoted field that never closes; close it with \"");
            }
            lastWasQuoted = anyQuoted;
            fields.add(field.toString());
            return fields;
        }
    }
}
