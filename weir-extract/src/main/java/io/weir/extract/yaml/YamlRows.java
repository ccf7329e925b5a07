package io.weir.extract.yaml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.weir.extract.ExtractException;
import io.weir.extract.json.RecordStream;
import io.weir.warehouse.load.LoadColumn;
import io.weir.warehouse.load.RowSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The items of one list of a YAML document as rows, read as the document streams. */
final class YamlRows implements RowSource, AutoCloseable {
    private static final YAMLMapper MAPPER = YAMLMapper.builder().build();

    private final YamlTable table;
    private final String source;
    private final RecordStream stream;
    private long items;

    YamlRows(YamlTable table, String source, InputStream document) {
        this.table = table;
        this.source = source;
        try {
            this.stream = new RecordStream(MAPPER.getFactory().createParser(document), MAPPER, table.path(), List.of());
        } catch (IOException e) {
            throw new ExtractException("Cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<LoadColumn> columns() {
        return table.columns().columns();
    }

    @Override
    public boolean next(Object[] row) {
        JsonNode item;
        try {
            item = stream.next();
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new ExtractException(source + ":" + line + ": not valid YAML: "
                    + e.getOriginalMessage().lines().findFirst().orElse("").strip());
        } catch (IOException e) {
            throw new ExtractException("Cannot read " + source + ": " + e.getMessage(), e);
        }
        if (item == null) {
            if (!stream.foundList()) {
                throw new ExtractException(source + " has no value at '" + table.path() + "' for table " + table.name()
                        + "; check its 'path' (such as .team[] for the list under team:)");
            }
            return false;
        }
        items++;
        try {
            table.columns().fill(item, row);
        } catch (IllegalArgumentException e) {
            throw new ExtractException(source + ", item " + items + " of '" + table.path() + "' (table " + table.name()
                    + "): " + e.getMessage() + "; fix its type under 'fields'");
        }
        return true;
    }

    @Override
    public void close() {
        try {
            stream.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
