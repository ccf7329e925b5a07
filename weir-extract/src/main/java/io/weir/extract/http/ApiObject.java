package io.weir.extract.http;

import static java.util.Objects.requireNonNull;

import io.weir.extract.json.ListPath;
import io.weir.extract.json.RecordColumns;
import io.weir.warehouse.load.LoadMode;
import java.util.List;
import java.util.Map;

/**
 * One endpoint of a source, landed in {@code raw.<source>.<name>}.
 *
 * @param path the endpoint, relative to the source's base URL (or a whole URL)
 * @param body the JSON body of a POST, or null
 * @param records where the records are in a page's body
 * @param mode replace (the default: each load is the whole object), append, or merge on the checks' unique key
 */
public record ApiObject(
        String name,
        String method,
        String path,
        Map<String, String> params,
        Map<String, String> headers,
        String body,
        ListPath records,
        RecordColumns columns,
        Pagination pagination,
        Checks checks,
        LoadMode mode,
        int line) {
    public ApiObject {
        requireNonNull(name, "name is null");
        requireNonNull(method, "method is null");
        requireNonNull(path, "path is null");
        params = Map.copyOf(params);
        headers = Map.copyOf(headers);
        requireNonNull(records, "records is null");
        requireNonNull(columns, "columns is null");
        requireNonNull(pagination, "pagination is null");
        requireNonNull(checks, "checks is null");
        requireNonNull(mode, "mode is null");
    }

    /** The columns a merge matches rows on: the unique key; none for the other modes. */
    public List<String> mergeKey() {
        return mode == LoadMode.MERGE ? checks.uniqueKey() : List.of();
    }
}
