package io.weir.extract.http;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A source's description file: where its API is, how to authenticate, and its objects.
 *
 * @param name the source, also the RAW schema unless the task names another
 * @param file the description's path as messages name it
 */
public record HttpSource(
        String name, String file, String baseUrl, Auth auth, Retry retry, Map<String, ApiObject> objects) {
    public HttpSource {
        requireNonNull(name, "name is null");
        requireNonNull(file, "file is null");
        requireNonNull(auth, "auth is null");
        requireNonNull(retry, "retry is null");
        objects = new LinkedHashMap<>(objects);
    }
}
