package io.weir.extract.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.weir.extract.ExtractException;
import io.weir.extract.json.ListPath;
import io.weir.extract.json.RecordStream;
import io.weir.warehouse.load.LoadColumn;
import io.weir.warehouse.load.RowSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The records of one object as rows, page after page: each page is parsed as it streams, and the next page is
 * requested only when the last record of this one has been loaded. Also counts what the integrity checks need.
 */
final class ObjectRows implements RowSource, AutoCloseable {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private final ApiObject object;
    private final ApiClient client;
    private final String file;
    private final BooleanSupplier cancelled;
    private final List<LoadColumn> columns;
    private final Map<String, Long> missing = new LinkedHashMap<>();
    private final Map<String, Long> firstMissing = new LinkedHashMap<>();
    private URI next;
    private URI current;
    private RecordStream stream;
    private Optional<URI> linkNext = Optional.empty();
    private String previousCursor;
    private long pages;
    private long inPage;
    private long records;
    private long offset;

    ObjectRows(ApiObject object, ApiClient client, URI first, String file, BooleanSupplier cancelled) {
        this.object = requireNonNull(object, "object is null");
        this.client = requireNonNull(client, "client is null");
        this.file = requireNonNull(file, "file is null");
        this.cancelled = requireNonNull(cancelled, "cancelled is null");
        this.columns = object.columns().columns();
        Pagination pagination = object.pagination();
        this.offset = pagination.start();
        this.next = switch (pagination.kind()) {
            case PAGE -> ApiClient.withParams(first, firstParams(pagination.pageParam(), pagination));
            case OFFSET -> ApiClient.withParams(first, firstParams(pagination.offsetParam(), pagination));
            case NONE, CURSOR, LINK -> first;
        };
    }

    /** The first page's position and size parameters, in that order. */
    private static Map<String, String> firstParams(String position, Pagination pagination) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put(position, String.valueOf(pagination.start()));
        params.put(pagination.sizeParam(), String.valueOf(pagination.size()));
        return params;
    }

    @Override
    public List<LoadColumn> columns() {
        return columns;
    }

    @Override
    public boolean next(Object[] row) {
        try {
            while (true) {
                if (stream == null) {
                    if (next == null) {
                        return false;
                    }
                    open();
                }
                JsonNode record = stream.next();
                if (record == null) {
                    finishPage();
                    continue;
                }
                inPage++;
                records++;
                countMissing(record);
                try {
                    object.columns().fill(record, row);
                } catch (IllegalArgumentException e) {
                    throw new ExtractException("Object " + object.name() + " of " + file + ", record "
                            + records + " (page " + pages + ", " + client.shown(current) + "): " + e.getMessage()
                            + "; fix its type under 'fields', or leave the field in the record column");
                }
                return true;
            }
        } catch (IOException e) {
            throw new ExtractException(
                    "Object " + object.name() + " of " + file + ": page " + pages + " (" + client.shown(current)
                            + ") is not valid JSON after record " + records + ": " + e.getMessage(),
                    e);
        }
    }

    /** The records read so far. */
    long records() {
        return records;
    }

    /** The required fields that some records lacked, with how many lacked each. */
    Map<String, Long> missing() {
        return missing;
    }

    /** The number of the first record that lacked {@code field}. */
    long firstMissing(String field) {
        return firstMissing.getOrDefault(field, 0L);
    }

    @Override
    public void close() {
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            stream = null;
        }
    }

    private void open() throws IOException {
        if (cancelled.getAsBoolean()) {
            throw new ApiFailure("Object " + object.name() + ": the try was cancelled", true, null);
        }
        current = next;
        next = null;
        pages++;
        inPage = 0;
        ApiClient.Page page = client.fetch(object, current);
        linkNext = page.linkNext();
        List<ListPath> captures = new ArrayList<>();
        Pagination pagination = object.pagination();
        if (pagination.cursorPath() != null) {
            captures.add(pagination.cursorPath());
        }
        if (pagination.nextUrlPath() != null) {
            captures.add(pagination.nextUrlPath());
        }
        stream = new RecordStream(MAPPER.getFactory().createParser(page.body()), MAPPER, object.records(), captures);
    }

    private void finishPage() throws IOException {
        boolean found = stream.foundList();
        RecordStream done = stream;
        stream = null;
        done.close();
        if (!found) {
            throw new ExtractException("Object " + object.name() + " of " + file + ": page " + pages + " ("
                    + client.shown(current) + ") has no value at '" + object.records() + "'; check 'records', the"
                    + " path to the list of records in a page");
        }
        Pagination pagination = object.pagination();
        next = switch (pagination.kind()) {
            case NONE -> null;
            case PAGE -> inPage < pagination.size()
                    ? null
                    : ApiClient.withParams(
                            current, Map.of(pagination.pageParam(), String.valueOf(pagination.start() + pages)));
            case OFFSET -> {
                offset += inPage;
                yield inPage < pagination.size()
                        ? null
                        : ApiClient.withParams(current, Map.of(pagination.offsetParam(), String.valueOf(offset)));
            }
            case LINK -> linkNext.orElse(null);
            case CURSOR -> cursorNext(done, pagination);
        };
    }

    private URI cursorNext(RecordStream done, Pagination pagination) {
        String value = pagination.nextUrlPath() != null
                ? done.captured(pagination.nextUrlPath())
                : done.captured(pagination.cursorPath());
        if (value == null || value.isBlank() || inPage == 0) {
            return null;
        }
        if (value.equals(previousCursor)) {
            throw new ExtractException(
                    "Object " + object.name() + " of " + file + ": page " + pages + " gives the" + " same cursor '"
                            + value + "' as the page before, so paging would never end; check 'cursor_path'");
        }
        previousCursor = value;
        return pagination.nextUrlPath() != null
                ? current.resolve(value)
                : ApiClient.withParams(current, Map.of(pagination.cursorParam(), value));
    }

    private void countMissing(JsonNode record) {
        for (String field : object.checks().requiredFields()) {
            JsonNode value = record.get(field);
            if (value == null || value.isNull()) {
                missing.merge(field, 1L, Long::sum);
                firstMissing.putIfAbsent(field, records);
            }
        }
    }
}
