package io.weir.extract.http;

import static java.util.Objects.requireNonNull;

import io.weir.extract.json.ListPath;

/**
 * How an object's pages follow each other.
 *
 * <ul>
 *   <li>{@code page}: {@code pageParam} counts pages from {@code start}, {@code sizeParam} asks for {@code size}
 *       records; a page with fewer records is the last.
 *   <li>{@code offset}: {@code offsetParam} skips the records read so far, {@code sizeParam} asks for {@code size}.
 *   <li>{@code cursor}: the value at {@code cursorPath} in a page's body goes back as {@code cursorParam}; or, with
 *       {@code nextUrlPath}, the body names the next page's URL. No value ends the object.
 *   <li>{@code link}: the {@code Link} header's {@code rel="next"} URL is the next page.
 * </ul>
 */
public record Pagination(
        Kind kind,
        String pageParam,
        String offsetParam,
        String sizeParam,
        int size,
        long start,
        ListPath cursorPath,
        String cursorParam,
        ListPath nextUrlPath) {
    public enum Kind {
        NONE,
        PAGE,
        OFFSET,
        CURSOR,
        LINK
    }

    public Pagination {
        requireNonNull(kind, "kind is null");
    }

    public static Pagination none() {
        return new Pagination(Kind.NONE, null, null, null, 0, 0, null, null, null);
    }
}
