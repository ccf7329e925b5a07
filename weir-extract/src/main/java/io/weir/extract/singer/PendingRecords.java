package io.weir.extract.singer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.extract.ExtractException;
import io.weir.warehouse.load.LoadColumn;
import io.weir.warehouse.load.RowSource;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The records of one stream received since its last commit, spilled to a file as JSON lines (each with the line of
 * the tap's output it came from), so that a long stream needs no memory until its batch is loaded.
 */
final class PendingRecords implements AutoCloseable {
    private final StreamSchema schema;
    private final Path file;
    private final BufferedWriter writer;
    private long count;

    PendingRecords(StreamSchema schema, Path folder) throws IOException {
        this.schema = schema;
        this.file = Files.createTempFile(folder, StreamSchema.tableName(schema.stream()) + "-", ".jsonl");
        this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    StreamSchema schema() {
        return schema;
    }

    long count() {
        return count;
    }

    void add(long line, String record) throws IOException {
        writer.write(Long.toString(line));
        writer.write('\t');
        writer.write(record);
        writer.write('\n');
        count++;
    }

    /** The records as rows of the stream's columns; {@code tap} names the tap in messages. */
    RowSource rows(ObjectMapper mapper, String tap) throws IOException {
        writer.flush();
        BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        List<LoadColumn> columns = new ArrayList<>();
        schema.properties().forEach((name, type) -> columns.add(new LoadColumn(name, type.loadType())));
        return new RowSource() {
            @Override
            public List<LoadColumn> columns() {
                return columns;
            }

            @Override
            public boolean next(Object[] row) {
                try {
                    String text = reader.readLine();
                    if (text == null) {
                        reader.close();
                        return false;
                    }
                    int tab = text.indexOf('\t');
                    String line = text.substring(0, tab);
                    JsonNode record = mapper.readTree(text.substring(tab + 1));
                    int i = 0;
                    for (Map.Entry<String, io.weir.extract.json.FieldType> property :
                            schema.properties().entrySet()) {
                        try {
                            row[i++] = property.getValue().convert(record.get(property.getKey()));
                        } catch (IllegalArgumentException e) {
                            throw new ExtractException("Tap " + tap + ", line " + line + " (a RECORD of stream "
                                    + schema.stream() + "): property " + property.getKey() + " " + e.getMessage()
                                    + ", which its SCHEMA says it is");
                        }
                    }
                    return true;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    @Override
    public void close() throws IOException {
        writer.close();
        Files.deleteIfExists(file);
    }
}
